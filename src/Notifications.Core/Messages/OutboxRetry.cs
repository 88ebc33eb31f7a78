namespace Notifications.Core.Messages;

/// <summary>One message going back to the outbox: due again at <paramref name="DueAt"/>, the attempt with <paramref name="AbandonedSid"/> (null: Twilio never took it) given up.</summary>
public sealed record OutboxRetry(Guid Id, DateTimeOffset DueAt, int? ErrorCode, string? AbandonedSid);
