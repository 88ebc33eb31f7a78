using Notifications.Client.Messages;

namespace Notifications.Client.Http;

/// <summary>The body of <c>POST /api/messages/batch</c>.</summary>
internal sealed record SendBatchRequest(IReadOnlyList<SendMessageRequest> Messages);
