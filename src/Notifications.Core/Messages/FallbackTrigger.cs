namespace Notifications.Core.Messages;

/// <summary>What moves a message's email fallback; <see cref="MessageTransitions"/> says from which status to which.</summary>
public enum FallbackTrigger
{
    /// <summary>The message failed in a way that calls for the fallback, and it has an address.</summary>
    Request,

    /// <summary>SendGrid took the email (the job's answer, or a <c>processed</c>/<c>deferred</c> event).</summary>
    Send,

    /// <summary>SendGrid reported <c>delivered</c>.</summary>
    Deliver,

    /// <summary>SendGrid reported <c>bounce</c>.</summary>
    Bounce,

    /// <summary>SendGrid reported <c>dropped</c>.</summary>
    Drop,

    /// <summary>SendGrid refused the email.</summary>
    Fail,

    /// <summary>
    /// The email is not sent because the person does not want it: the address unsubscribed or reported spam for the
    /// program, or a marketing message has no email consent (<c>FallbackEmailPolicy</c>). Only before it is sent.
    /// </summary>
    Withhold,
}
