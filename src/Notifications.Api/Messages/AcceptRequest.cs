using Notifications.Core.Messages;

namespace Notifications.Api.Messages;

public sealed record AcceptRequest(string AppId, IdempotencyRequest? Idempotency, IReadOnlyList<Message> Messages, StoredResponse Response);
