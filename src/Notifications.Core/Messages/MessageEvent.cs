namespace Notifications.Core.Messages;

/// <summary>One entry of a message's timeline: a status change, a provider callback, a retry, a fallback step.</summary>
public sealed class MessageEvent
{
    /// <summary>Column length of <see cref="Detail"/>.</summary>
    public const int DetailMaxLength = 500;

    /// <summary>Column length of <see cref="ExternalId"/>.</summary>
    public const int ExternalIdMaxLength = 100;

    public long Id { get; set; }

    public Guid MessageId { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>What happened (see <see cref="MessageEventType"/>).</summary>
    public required string Type { get; set; }

    /// <summary>The message status after the event, if it changed or was reported.</summary>
    public string? Status { get; set; }

    public int? ErrorCode { get; set; }

    public string? Detail { get; set; }

    /// <summary>The provider's id of what was reported (callback idempotency token, SendGrid event id): duplicates are dropped on it.</summary>
    public string? ExternalId { get; set; }
}
