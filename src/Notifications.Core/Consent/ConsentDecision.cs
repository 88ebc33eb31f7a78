namespace Notifications.Core.Consent;

/// <summary>The consent rules, as one pure function.</summary>
public static class ConsentDecision
{
    /// <summary>
    /// Suppression wins over everything. Marketing needs a marketing opt-in. Transactional needs a
    /// transactional or marketing opt-in, or <paramref name="overrideOptIn"/> when nothing is on
    /// record; an override never outweighs a revocation.
    /// </summary>
    public static ConsentVerdict Decide(string purpose, bool overrideOptIn, bool suppressed, string transactionalStatus, string marketingStatus)
    {
        if (suppressed)
        {
            return ConsentVerdict.Suppressed;
        }

        if (purpose == ConsentPurpose.Marketing)
        {
            return marketingStatus == PurposeState.OptedIn ? ConsentVerdict.Allowed : ConsentVerdict.NoConsent;
        }

        if (transactionalStatus == PurposeState.OptedIn || (marketingStatus == PurposeState.OptedIn && transactionalStatus != PurposeState.Revoked))
        {
            return ConsentVerdict.Allowed;
        }

        return overrideOptIn && transactionalStatus == PurposeState.None
            ? ConsentVerdict.AllowedByOverride
            : ConsentVerdict.NoConsent;
    }
}
