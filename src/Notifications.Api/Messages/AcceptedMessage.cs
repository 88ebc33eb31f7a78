namespace Notifications.Api.Messages;

public sealed record AcceptedMessage(Guid Id, string Status);
