namespace Notifications.Worker.Dispatch;

/// <summary>
/// What marking a group as handed over gave: the attempt number of each message to send now, and the messages blocked
/// instead because their number was found suppressed at that moment.
/// </summary>
public sealed record HandOverStart(IReadOnlyDictionary<Guid, int> Attempts, IReadOnlyList<Guid> Suppressed);
