namespace Notifications.Client.Messages;

/// <summary>One SMS to send (<c>POST /api/messages</c>, or one item of a batch).</summary>
public sealed record SendMessageRequest
{
    /// <summary>The recipient in E.164, for example <c>+15551234567</c>.</summary>
    public required string To { get; init; }

    /// <summary>The text of the SMS.</summary>
    public required string Body { get; init; }

    /// <summary><c>transactional</c> (the default when null) or <c>marketing</c>; see <see cref="MessagePurposes"/>.</summary>
    public string? Purpose { get; init; }

    /// <summary>The email address the message falls back to when the SMS cannot be delivered.</summary>
    public string? FallbackEmail { get; init; }

    /// <summary>The subject of the fallback email.</summary>
    public string? EmailSubject { get; init; }

    /// <summary>Send a transactional message without a recorded opt-in (needs the <c>opt-in:override</c> scope; audited).</summary>
    public bool? OverrideOptIn { get; init; }

    /// <summary>Send no earlier than this instant.</summary>
    public DateTimeOffset? SendAt { get; init; }

    /// <summary>The caller's own reference, returned with the message.</summary>
    public string? Reference { get; init; }

    /// <summary>Replace characters by GSM-7 look-alikes first (the api's <c>Sms:SmartEncoding</c> when null).</summary>
    public bool? SmartEncoding { get; init; }

    /// <summary>A message not handed to Twilio by then ends <c>expired</c>.</summary>
    public DateTimeOffset? ValidUntil { get; init; }
}
