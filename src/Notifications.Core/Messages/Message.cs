namespace Notifications.Core.Messages;

/// <summary>
/// One SMS accepted from an app. The row is the outbox entry: the dispatcher claims rows whose
/// <see cref="DueAt"/> has passed and whose status is still <see cref="MessageStatus.Accepted"/> or
/// <see cref="MessageStatus.Scheduled"/> (exactly the rows with no <see cref="ClaimedAt"/>).
/// </summary>
public sealed class Message
{
    /// <summary>Column length of <see cref="To"/> (E.164: '+' and at most 15 digits).</summary>
    public const int ToMaxLength = 16;

    /// <summary>Column length of <see cref="Country"/> (an ISO 3166 region code).</summary>
    public const int CountryMaxLength = 2;

    /// <summary>Column length of <see cref="Body"/>.</summary>
    public const int BodyMaxLength = 1600;

    /// <summary>Column length of <see cref="FallbackEmail"/> (RFC 5321's longest path).</summary>
    public const int FallbackEmailMaxLength = 320;

    /// <summary>Column length of <see cref="EmailSubject"/>.</summary>
    public const int EmailSubjectMaxLength = 200;

    /// <summary>Column length of <see cref="Reference"/>.</summary>
    public const int ReferenceMaxLength = 200;

    /// <summary>Column length of <see cref="ProviderSid"/> (a Twilio SID: two letters and 32 hex digits).</summary>
    public const int ProviderSidMaxLength = 34;

    public Guid Id { get; set; }

    /// <summary>The calling app (the name of its API key).</summary>
    public required string AppId { get; set; }

    /// <summary>The app's program when the message was accepted (<c>Apps:&lt;app&gt;:Program</c>): its consent, senders and brand.</summary>
    public string Program { get; set; } = Programs.ProgramCatalog.DefaultProgram;

    /// <summary>Destination in E.164.</summary>
    public required string To { get; set; }

    /// <summary>ISO region of <see cref="To"/>.</summary>
    public required string Country { get; set; }

    /// <summary>The body as stored and sent (after Smart Encoding, when it applied).</summary>
    public required string Body { get; set; }

    /// <summary><c>GSM-7</c> or <c>UCS-2</c> (see <c>SmsEncoding</c>); null only for messages accepted before it was recorded.</summary>
    public string? Encoding { get; set; }

    /// <summary>The segments <see cref="Body"/> takes (what Twilio bills per attempt); null as <see cref="Encoding"/>.</summary>
    public int? Segments { get; set; }

    public required string Purpose { get; set; }

    public string Status { get; set; } = MessageStatus.Accepted;

    public string? FallbackEmail { get; set; }

    public string? EmailSubject { get; set; }

    public bool OverrideOptIn { get; set; }

    public string? Reference { get; set; }

    /// <summary>When the message becomes eligible for dispatch (the requested send time, or a retry's time).</summary>
    public DateTimeOffset DueAt { get; set; }

    /// <summary>When the message stops being worth sending: not handed to Twilio by then, it ends <see cref="MessageStatus.Expired"/> (null: no limit).</summary>
    public DateTimeOffset? ValidUntil { get; set; }

    /// <summary>When a frequency cap counted this message (it passed the cap; see <c>FrequencyCaps</c>), null if no cap applied.</summary>
    public DateTimeOffset? CapCountedAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>W3C trace context of the accepting request, carried through the outbox.</summary>
    public string? TraceParent { get; set; }

    /// <summary>The batch that claimed the message, while it is claimed.</summary>
    public Guid? BatchId { get; set; }

    public DateTimeOffset? ClaimedAt { get; set; }

    /// <summary>Set just before the create call; with no <see cref="ProviderSid"/> the outcome is not known yet.</summary>
    public DateTimeOffset? HandedOverAt { get; set; }

    /// <summary>Twilio's message SID, once known.</summary>
    public string? ProviderSid { get; set; }

    /// <summary>Create calls made so far.</summary>
    public int Attempts { get; set; }

    /// <summary>The sender used (number, alphanumeric ID, short code or Messaging Service SID).</summary>
    public string? Sender { get; set; }

    /// <summary><c>long_code</c>, <c>short_code</c>, <c>alphanumeric</c>, <c>messaging_service</c>.</summary>
    public string? SenderKind { get; set; }

    public int? ErrorCode { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    public DateTimeOffset? FinalAt { get; set; }

    /// <summary>See <see cref="FallbackStatus"/>; null when no fallback was started.</summary>
    public string? FallbackStatus { get; set; }

    public string? FallbackReason { get; set; }

    /// <summary>SendGrid's <c>X-Message-Id</c>.</summary>
    public string? FallbackProviderId { get; set; }

    public DateTimeOffset? FallbackRequestedAt { get; set; }

    /// <summary>When the dispatcher last handed the fallback to a job; it is handed again only after 10 minutes without an outcome.</summary>
    public DateTimeOffset? FallbackClaimedAt { get; set; }

    public DateTimeOffset? FallbackUpdatedAt { get; set; }

    /// <summary>When the app said the recipient acted on the message (<c>POST /api/messages/{id}/confirm</c>).</summary>
    public DateTimeOffset? ConfirmedAt { get; set; }

    /// <summary>When the confirmation was reported to Twilio (Message Feedback), or found not reportable; null while it is due.</summary>
    public DateTimeOffset? FeedbackAt { get; set; }

    /// <summary>When reconciliation may look this message up again (null: as soon as it is stuck); see <c>ReconciliationJob</c>.</summary>
    public DateTimeOffset? ReconcileAfter { get; set; }
}
