namespace Notifications.Api.Messages;

public sealed record StoredResponse(int Status, string Body, string? Location);
