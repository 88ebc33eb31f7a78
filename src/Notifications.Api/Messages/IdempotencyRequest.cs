namespace Notifications.Api.Messages;

public sealed record IdempotencyRequest(string Key, string RequestHash);
