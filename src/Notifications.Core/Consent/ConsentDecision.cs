namespace Notifications.Core.Consent;

/// <summary>The consent rules, as one pure function.</summary>
public static class ConsentDecision
{
    /// <summary>
    /// Suppression wins over everything (STOP and other keywords, plain-language opt-outs, an API
    /// revocation of every purpose, carrier opt-outs). Marketing needs a marketing opt-in.
    /// Transactional needs a transactional or marketing opt-in, or <paramref name="overrideOptIn"/>
    /// when nothing at all is on record for the number: an override never outweighs a revocation of
    /// any purpose, so a number that revoked marketing (and has no transactional opt-in) is
    /// <see cref="ConsentVerdict.NoConsent"/> even with the override.
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

        return overrideOptIn && transactionalStatus == PurposeState.None && marketingStatus == PurposeState.None
            ? ConsentVerdict.AllowedByOverride
            : ConsentVerdict.NoConsent;
    }

    /// <summary>
    /// The confirmation SMS of a pending consent request (double opt-in) goes out although the number has no consent
    /// yet (that is what it asks for), but never to a suppressed number, nor to one that revoked every purpose of the
    /// program: a person who opted out gets no prompt until they opt back in themselves. A number that revoked one
    /// purpose may be asked to confirm again.
    /// </summary>
    public static ConsentVerdict DecideConfirmation(bool suppressed, string transactionalStatus, string marketingStatus) =>
        suppressed
            ? ConsentVerdict.Suppressed
            : transactionalStatus == PurposeState.Revoked && marketingStatus == PurposeState.Revoked
                ? ConsentVerdict.NoConsent
                : ConsentVerdict.Allowed;
}
