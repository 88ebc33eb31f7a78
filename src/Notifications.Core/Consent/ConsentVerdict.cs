namespace Notifications.Core.Consent;

/// <summary>The consent gate's verdict for one message.</summary>
public enum ConsentVerdict
{
    /// <summary>Consent for the purpose is on record.</summary>
    Allowed,

    /// <summary>No opt-in on record, sent anyway under a transactional <c>overrideOptIn</c> (audited).</summary>
    AllowedByOverride,

    /// <summary>The number is on the suppression list.</summary>
    Suppressed,

    /// <summary>No consent for the purpose, or it was revoked.</summary>
    NoConsent,
}
