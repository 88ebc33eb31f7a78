namespace Notifications.Api.Messages;

/// <summary>Body of <c>POST /api/messages/batch</c>.</summary>
public sealed record SendBatchRequest(IReadOnlyList<SendMessageRequest?>? Messages);
