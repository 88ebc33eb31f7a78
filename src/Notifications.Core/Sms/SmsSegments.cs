namespace Notifications.Core.Sms;

/// <summary>How an SMS body travels: its <see cref="Encoding"/> (<see cref="SmsEncoding.Gsm7"/> or <see cref="SmsEncoding.Ucs2"/>) and the segments Twilio bills.</summary>
public readonly record struct SmsSegments(string Encoding, int Segments);
