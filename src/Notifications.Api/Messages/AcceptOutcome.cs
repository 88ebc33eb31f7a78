using Notifications.Core.Messages;

namespace Notifications.Api.Messages;

public sealed record AcceptOutcome(string Kind, IdempotencyRecord? Previous = null)
{
    public static readonly AcceptOutcome Accepted = new("accepted");
    public static readonly AcceptOutcome InFlight = new("in_flight");
    public static readonly AcceptOutcome KeyReused = new("key_reused");

    public static AcceptOutcome Replay(IdempotencyRecord previous) => new("replay", previous);
}
