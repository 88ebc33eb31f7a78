namespace Notifications.Client.Messages;

/// <summary>One message as <c>GET /api/messages/{id}</c> shows it: status, timeline, attempts and fallback.</summary>
public sealed record MessageView
{
    /// <summary>The message's id.</summary>
    public Guid Id { get; init; }

    /// <summary>The current status; see <see cref="MessageStatuses"/>.</summary>
    public string Status { get; init; } = "";

    /// <summary>The recipient in E.164.</summary>
    public string To { get; init; } = "";

    /// <summary>The recipient's ISO country code.</summary>
    public string Country { get; init; } = "";

    /// <summary><c>transactional</c> or <c>marketing</c>.</summary>
    public string Purpose { get; init; } = "";

    /// <summary><c>GSM-7</c> or <c>UCS-2</c>.</summary>
    public string Encoding { get; init; } = "";

    /// <summary>How many SMS segments the body takes.</summary>
    public int Segments { get; init; }

    /// <summary>The caller's own reference.</summary>
    public string? Reference { get; init; }

    /// <summary>Whether the message was sent without a recorded opt-in (audited).</summary>
    public bool OverrideOptIn { get; init; }

    /// <summary>When the message was accepted.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the message is due to be sent (later than <see cref="CreatedAt"/> while <c>scheduled</c>).</summary>
    public DateTimeOffset DueAt { get; init; }

    /// <summary>When the message last changed.</summary>
    public DateTimeOffset UpdatedAt { get; init; }

    /// <summary>The sender it was sent from.</summary>
    public string? Sender { get; init; }

    /// <summary>The kind of sender (long code, short code, alphanumeric, ...).</summary>
    public string? SenderKind { get; init; }

    /// <summary>Twilio's message SID.</summary>
    public string? ProviderSid { get; init; }

    /// <summary>Twilio's error code, when the message failed or was not delivered.</summary>
    public int? ErrorCode { get; init; }

    /// <summary>Each hand-over to Twilio.</summary>
    public IReadOnlyList<AttemptView> Attempts { get; init; } = [];

    /// <summary>Everything that happened to the message, in order.</summary>
    public IReadOnlyList<TimelineEntry> Timeline { get; init; } = [];

    /// <summary>The fallback email, when one was triggered.</summary>
    public FallbackView? Fallback { get; init; }
}
