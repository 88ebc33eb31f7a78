namespace Notifications.Core.Messages;

/// <summary>The status values a message moves through, as named in the public API.</summary>
public static class MessageStatus
{
    public const string Accepted = "accepted";
    public const string Queued = "queued";
    public const string Sending = "sending";
    public const string Sent = "sent";
    public const string Delivered = "delivered";
    public const string Undelivered = "undelivered";
    public const string Failed = "failed";
    public const string Suppressed = "suppressed";
    public const string NoConsent = "no_consent";
    public const string Canceled = "canceled";
}
