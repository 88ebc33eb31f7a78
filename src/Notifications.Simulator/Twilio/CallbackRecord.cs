namespace Notifications.Simulator.Twilio;

/// <summary>One status callback post: what was sent and how the service answered.</summary>
public sealed record CallbackRecord(string Status, int? ErrorCode, int? HttpStatus, bool Duplicate, DateTimeOffset PostedAt);
