namespace Notifications.Core.Messages;

public static class MessageEventType
{
    public const string Accepted = "accepted";
    public const string ConsentOverride = "consent_override";

    /// <summary>The message was accepted with <c>overrideOptIn</c> (by an app with the scope <c>opt-in:override</c>).</summary>
    public const string OverrideRequested = "override_requested";
    public const string Blocked = "blocked";
    public const string HandedOver = "handed_over";
    public const string CreateFailed = "create_failed";
    public const string RetryScheduled = "retry_scheduled";
    public const string Ambiguous = "ambiguous";
    public const string Resolved = "resolved";
    public const string StatusCallback = "status_callback";
    public const string FallbackRequested = "fallback_requested";
    public const string FallbackSent = "fallback_sent";
    public const string FallbackFailed = "fallback_failed";
    public const string FallbackEvent = "fallback_event";
    public const string Recovered = "recovered";
    public const string NoReceipt = "no_receipt";

    /// <summary>The app confirmed the recipient acted on the message (an OTP entered); reported to Twilio as Message Feedback.</summary>
    public const string Confirmed = "confirmed";

    /// <summary>Held back until its due time (send window, frequency cap); the detail says which and until when.</summary>
    public const string Scheduled = "scheduled";

    /// <summary>Its <c>validUntil</c> passed before it was handed to Twilio.</summary>
    public const string Expired = "expired";
}
