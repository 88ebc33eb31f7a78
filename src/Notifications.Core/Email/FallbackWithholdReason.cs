namespace Notifications.Core.Email;

/// <summary>Why a requested fallback email was not sent: <c>fallback.reason</c> of a fallback that ends <c>failed</c> without an email, and the metric's tag.</summary>
public static class FallbackWithholdReason
{
    /// <summary>The address unsubscribed (<c>unsubscribe</c> or <c>group_unsubscribe</c>) for the message's program, or for every program.</summary>
    public const string EmailUnsubscribed = "email_unsubscribed";

    /// <summary>The address reported an email as spam for the message's program, or for every program.</summary>
    public const string EmailSpamReported = "email_spam_reported";

    /// <summary>A marketing message whose program holds no marketing email consent for the address.</summary>
    public const string NoEmailConsent = "no_email_consent";

    /// <summary>The reason for a suppression set by SendGrid event <paramref name="eventName"/>.</summary>
    public static string ForSuppression(string eventName) =>
        eventName == EmailPreferenceEvents.SpamReport ? EmailSpamReported : EmailUnsubscribed;
}
