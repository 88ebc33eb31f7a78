namespace Notifications.Api.Messages;

public sealed record FallbackView(string Status, string? Reason, string Email, string? ProviderMessageId, DateTimeOffset? RequestedAt, DateTimeOffset? UpdatedAt);
