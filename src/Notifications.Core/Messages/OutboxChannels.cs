namespace Notifications.Core.Messages;

/// <summary>PostgreSQL NOTIFY channels the API and jobs signal the dispatcher on.</summary>
public static class OutboxChannels
{
    /// <summary>New messages are due.</summary>
    public const string Messages = "outbox_messages";

    /// <summary>A fallback was requested.</summary>
    public const string Fallbacks = "outbox_fallbacks";
}
