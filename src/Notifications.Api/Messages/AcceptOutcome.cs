using Notifications.Core.Messages;

namespace Notifications.Api.Messages;

/// <summary>What came of an <see cref="AcceptRequest"/>: accepted (with the answer), a replay, a key in flight or reused, or over the daily segment limit.</summary>
public sealed record AcceptOutcome(string Kind, IdempotencyRecord? Previous = null, StoredResponse? Response = null)
{
    public static readonly AcceptOutcome InFlight = new("in_flight");
    public static readonly AcceptOutcome KeyReused = new("key_reused");
    public static readonly AcceptOutcome OverBudget = new("over_budget");

    public static AcceptOutcome Accepted(StoredResponse response) => new("accepted", Response: response);

    public static AcceptOutcome Replay(IdempotencyRecord previous) => new("replay", previous);
}
