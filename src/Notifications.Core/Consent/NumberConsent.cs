namespace Notifications.Core.Consent;

/// <summary>
/// What the gate knows about one number. <paramref name="PendingConfirmation"/> is the confirmation message of the
/// number's pending consent request in the program, if any: only that message is decided as a confirmation.
/// </summary>
public sealed record NumberConsent(bool Suppressed, string Transactional, string Marketing, Guid? PendingConfirmation = null)
{
    public ConsentVerdict Decide(string purpose, bool overrideOptIn) =>
        ConsentDecision.Decide(purpose, overrideOptIn, Suppressed, Transactional, Marketing);

    /// <summary>The verdict for message <paramref name="messageId"/>: a pending request's confirmation, or by its purpose.</summary>
    public ConsentVerdict Decide(Guid messageId, string purpose, bool overrideOptIn) =>
        PendingConfirmation == messageId
            ? ConsentDecision.DecideConfirmation(Suppressed, Transactional, Marketing)
            : Decide(purpose, overrideOptIn);
}
