namespace Notifications.Api.Messages;

public sealed record BatchItemResult(int Index, Guid? Id, string Status, IDictionary<string, string[]>? Errors);
