namespace Notifications.Core.Twilio;

/// <summary>What a delivery error code reported by a status callback calls for.</summary>
public enum DeliveryAction
{
    /// <summary>Start a new attempt later (with the given delay and attempt limit).</summary>
    Retry,

    /// <summary>SMS will not work for this message: send the fallback email.</summary>
    Fallback,

    /// <summary>
    /// The recipient blocked us (30004): suppress the number, and no fallback email either: the person told us to
    /// stop, and an email instead would go against that wish.
    /// </summary>
    Suppress,

    /// <summary>Our account or sender registration is wrong: alert operators, then fall back.</summary>
    ConfigurationAlert,
}
