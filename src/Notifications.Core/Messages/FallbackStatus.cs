namespace Notifications.Core.Messages;

/// <summary>The email fallback's status values, as named in the public API (see <see cref="MessageTransitions"/>).</summary>
public static class FallbackStatus
{
    public const string Pending = "pending";
    public const string Sent = "sent";
    public const string Delivered = "delivered";
    public const string Bounced = "bounced";
    public const string Dropped = "dropped";
    public const string Failed = "failed";

    /// <summary>Every fallback status, in rank order.</summary>
    public static readonly IReadOnlyList<string> All = [Pending, Sent, Delivered, Bounced, Dropped, Failed];
}
