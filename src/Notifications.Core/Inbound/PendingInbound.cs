namespace Notifications.Core.Inbound;

/// <summary>
/// An inbound message held in Redis while PostgreSQL was down: its stream entry id, and the message, or null
/// when the entry cannot be opened (sealed under another secret, or altered).
/// </summary>
public sealed record PendingInbound(string Id, InboundSms? Sms);
