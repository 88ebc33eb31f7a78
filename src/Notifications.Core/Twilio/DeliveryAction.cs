namespace Notifications.Core.Twilio;

/// <summary>What a delivery error code reported by a status callback calls for.</summary>
public enum DeliveryAction
{
    /// <summary>Start a new attempt later (with the given delay and attempt limit).</summary>
    Retry,

    /// <summary>SMS will not work for this message: send the fallback email.</summary>
    Fallback,

    /// <summary>The recipient blocks SMS: suppress the number, then fall back.</summary>
    SuppressAndFallback,

    /// <summary>Our account or sender registration is wrong: alert operators, then fall back.</summary>
    ConfigurationAlert,
}
