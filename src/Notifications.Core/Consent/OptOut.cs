using Notifications.Core.Suppression;

namespace Notifications.Core.Consent;

/// <summary>
/// An opt-out to record: who, how it arrived (<paramref name="Source"/>, a <see cref="ConsentSource"/>),
/// who captured it, for which programs, and why the number is suppressed (<paramref name="SuppressionReason"/>, a
/// <see cref="Suppression.SuppressionReason"/>) when every purpose is revoked.
/// </summary>
public sealed record OptOut(string Phone, string Source, string CapturedBy, string SuppressionReason)
{
    /// <summary>The purposes revoked. The default value is every purpose.</summary>
    public IReadOnlyList<string> Purposes { get; init; } = ConsentPurpose.All;

    /// <summary>The suppression's detail (the keyword, the error code).</summary>
    public string? Detail { get; init; }

    /// <summary>The message whose outcome or reply carried the opt-out, kept with the suppression.</summary>
    public string? SourceMessageSid { get; init; }

    /// <summary>The exact text the person sent, kept as evidence.</summary>
    public string? TextReceived { get; init; }

    /// <summary>The inbound message that carried the opt-out, kept as evidence.</summary>
    public string? InboundMessageSid { get; init; }

    /// <summary>When the opt-out was received, when it is recorded later (a replayed inbound message). The default value is null: now.</summary>
    public DateTimeOffset? OccurredAt { get; init; }

    /// <summary>
    /// The programs whose consent is revoked (a revocation on a sender number: every program that sends from it). The default
    /// value is <see cref="ConsentEvent.DefaultProgram"/> alone.
    /// </summary>
    public IReadOnlyList<string> Programs { get; init; } = [ConsentEvent.DefaultProgram];

    /// <summary>
    /// A carrier fact about the number (21610, 30004): the suppression holds for every program
    /// (<see cref="SuppressedNumber.EveryProgram"/>), not only <see cref="Programs"/>, whatever the purposes. The default value is false.
    /// </summary>
    public bool SuppressEveryProgram { get; init; }

    /// <summary>A note kept with the revocation.</summary>
    public string? Note { get; init; }
}
