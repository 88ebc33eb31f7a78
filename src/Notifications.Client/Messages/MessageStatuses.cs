namespace Notifications.Client.Messages;

/// <summary>The values of a message's <c>status</c>.</summary>
public static class MessageStatuses
{
    /// <summary>Written to the outbox.</summary>
    public const string Accepted = "accepted";

    /// <summary>Waiting for <c>sendAt</c>, a send window or a frequency cap (<c>dueAt</c> says until when).</summary>
    public const string Scheduled = "scheduled";

    /// <summary>Queued at Twilio.</summary>
    public const string Queued = "queued";

    /// <summary>Being sent by Twilio.</summary>
    public const string Sending = "sending";

    /// <summary>Sent to the carrier (not proof of delivery).</summary>
    public const string Sent = "sent";

    /// <summary>Delivered to the handset (final).</summary>
    public const string Delivered = "delivered";

    /// <summary>Not delivered (final; the fallback may follow).</summary>
    public const string Undelivered = "undelivered";

    /// <summary>Failed (final; the fallback may follow).</summary>
    public const string Failed = "failed";

    /// <summary>The recipient opted out (final).</summary>
    public const string Suppressed = "suppressed";

    /// <summary>Blocked by the consent gate (final).</summary>
    public const string NoConsent = "no_consent";

    /// <summary>Not handed to Twilio before <c>validUntil</c> (final).</summary>
    public const string Expired = "expired";

    /// <summary>Canceled (final).</summary>
    public const string Canceled = "canceled";
}
