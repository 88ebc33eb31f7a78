namespace Notifications.Core.Inbound;

/// <summary>
/// The parts of Twilio's inbound-message webhook the service keeps. <paramref name="ReceivedAt"/> is when the
/// webhook arrived, given when the message is recorded later than that (held during an outage of PostgreSQL);
/// null means now.
/// </summary>
public sealed record InboundSms(string MessageSid, string? IdempotencyToken, string From, string To, string Body, DateTimeOffset? ReceivedAt = null);
