namespace Notifications.Core.Sms;

/// <summary>What to do when Twilio refuses a message create (the domain facts' table, in one place).</summary>
public enum CreateErrorAction
{
    /// <summary>Never processed: try again later with backoff (429, 5xx, queue full).</summary>
    Retry,

    /// <summary>This message cannot go by SMS: send the fallback email if there is one.</summary>
    Fallback,

    /// <summary>The recipient opted out at Twilio (21610): suppress the number; no fallback.</summary>
    Suppress,

    /// <summary>Our account or sender setup is wrong: alert operators, and fall back.</summary>
    ConfigurationAlert,
}

public static class CreateErrorPolicy
{
    public static CreateErrorAction Classify(int httpStatus, int? code) => code switch
    {
        20429 => CreateErrorAction.Retry,
        21611 => CreateErrorAction.Retry,
        21610 => CreateErrorAction.Suppress,
        21211 or 21612 or 21614 => CreateErrorAction.Fallback,
        21408 or 20003 or 21606 or 21659 => CreateErrorAction.ConfigurationAlert,
        _ when httpStatus == 429 || httpStatus >= 500 => CreateErrorAction.Retry,
        _ => CreateErrorAction.Fallback,
    };
}
