using Notifications.Core.Messages;

namespace Notifications.Api.Messages;

/// <summary>
/// One request's messages for <see cref="MessageAcceptor"/>. <see cref="Respond"/> is given the messages accepted (all of
/// them, or those within the app's <see cref="DailySegmentLimit"/>) and returns the answer, stored with the idempotency key;
/// null when the limit left nothing to accept (nothing is written, and the answer is 429).
/// </summary>
public sealed record AcceptRequest(
    string AppId, IdempotencyRequest? Idempotency, IReadOnlyList<Message> Messages, Func<IReadOnlyList<Message>, StoredResponse?> Respond,
    long? DailySegmentLimit = null);
