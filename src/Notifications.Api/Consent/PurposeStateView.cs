namespace Notifications.Api.Consent;

public sealed record PurposeStateView(string Status, DateTimeOffset? Since, string? Source);
