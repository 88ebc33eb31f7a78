namespace Notifications.Core.Sms;

/// <summary>One SMS to hand to the provider.</summary>
public sealed record SmsRequest(string To, string? From, string? MessagingServiceSid, string Body, Uri? StatusCallback);
