namespace Notifications.Core.Twilio;

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
