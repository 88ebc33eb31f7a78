namespace Notifications.Core.Messages;

/// <summary>The status values a message moves through, as named in the public API (see <see cref="MessageTransitions"/>).</summary>
public static class MessageStatus
{
    public const string Accepted = "accepted";

    /// <summary>Waiting in the outbox for <c>sendAt</c>, a send window or a frequency cap, until its <c>dueAt</c>.</summary>
    public const string Scheduled = "scheduled";
    public const string Queued = "queued";
    public const string Sending = "sending";
    public const string Sent = "sent";
    public const string Delivered = "delivered";
    public const string Undelivered = "undelivered";
    public const string Failed = "failed";
    public const string Suppressed = "suppressed";
    public const string NoConsent = "no_consent";
    public const string Canceled = "canceled";

    /// <summary>Not handed to Twilio before the message's validity ended (no fallback).</summary>
    public const string Expired = "expired";

    /// <summary>Every status, in rank order.</summary>
    public static readonly IReadOnlyList<string> All =
        [Accepted, Scheduled, Queued, Sending, Sent, Delivered, Undelivered, Failed, Suppressed, NoConsent, Canceled, Expired];
}
