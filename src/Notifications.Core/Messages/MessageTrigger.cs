namespace Notifications.Core.Messages;

/// <summary>What moves a message's status; <see cref="MessageTransitions"/> says from which status to which.</summary>
public enum MessageTrigger
{
    /// <summary>The API stored the message in the outbox.</summary>
    Accept,

    /// <summary>The API stored the message in the outbox with a <c>sendAt</c> in the future.</summary>
    Schedule,

    /// <summary>The dispatcher claimed it for a batch.</summary>
    Claim,

    /// <summary>The batch job marked it as being handed to Twilio (the status stays <c>queued</c>).</summary>
    HandOver,

    /// <summary>The create was refused for good, no sender is registered for its country, or its retries are used up.</summary>
    CreateFailed,

    /// <summary>Twilio refused the create because the recipient opted out (21610).</summary>
    CreateOptedOut,

    /// <summary>Back to the outbox for a new attempt: a create that may be retried, or a delivery failure the policy retries.</summary>
    Retry,

    /// <summary>The consent gate found the number suppressed.</summary>
    BlockSuppressed,

    /// <summary>The consent gate found no consent for the purpose.</summary>
    BlockNoConsent,

    /// <summary>The batch job found the send window closed or a frequency cap reached: back to the outbox until the due time.</summary>
    Defer,

    /// <summary>Recovery released a claim whose batch job never reached the message.</summary>
    ReleaseClaim,

    /// <summary>Reconciliation: Twilio still reports <c>sent</c> long after acceptance; the status stays and becomes final.</summary>
    NoReceipt,

    /// <summary>The message's validity ended before it was handed to Twilio.</summary>
    Expire,

    /// <summary>A status callback (or a reconciliation lookup) reported <c>queued</c>.</summary>
    ReportQueued,

    /// <summary>A status callback reported <c>sending</c>.</summary>
    ReportSending,

    /// <summary>A status callback reported <c>sent</c>.</summary>
    ReportSent,

    /// <summary>A status callback reported <c>delivered</c>.</summary>
    ReportDelivered,

    /// <summary>A status callback reported <c>undelivered</c>.</summary>
    ReportUndelivered,

    /// <summary>A status callback reported <c>failed</c>.</summary>
    ReportFailed,

    /// <summary>A status callback reported <c>canceled</c>.</summary>
    ReportCanceled,
}
