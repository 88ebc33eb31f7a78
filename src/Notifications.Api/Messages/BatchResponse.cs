namespace Notifications.Api.Messages;

public sealed record BatchResponse(int Accepted, int Rejected, IReadOnlyList<BatchItemResult> Results);
