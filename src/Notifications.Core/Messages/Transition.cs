namespace Notifications.Core.Messages;

/// <summary>The answer of <see cref="MessageTransitions"/>: the status to move to, or refused.</summary>
public readonly record struct Transition(string? To)
{
    public static readonly Transition Refused = new(null);

    /// <summary>Whether the move is allowed (<see cref="To"/> is then the next status).</summary>
    public bool Allowed => To is not null;

    public override string ToString() => To ?? "refused";
}
