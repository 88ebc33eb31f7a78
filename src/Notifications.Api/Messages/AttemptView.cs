namespace Notifications.Api.Messages;

public sealed record AttemptView(int Number, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, string Sender, string? ProviderSid, string? Outcome, int? ErrorCode);
