namespace Notifications.Api.Messages;

public sealed record TimelineEntry(DateTimeOffset At, string Type, string? Status, int? ErrorCode, string? Detail);
