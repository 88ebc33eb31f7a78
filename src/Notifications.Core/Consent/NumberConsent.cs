namespace Notifications.Core.Consent;

/// <summary>What the gate knows about one number.</summary>
public sealed record NumberConsent(bool Suppressed, string Transactional, string Marketing)
{
    public ConsentVerdict Decide(string purpose, bool overrideOptIn) =>
        ConsentDecision.Decide(purpose, overrideOptIn, Suppressed, Transactional, Marketing);
}
