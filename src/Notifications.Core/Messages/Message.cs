namespace Notifications.Core.Messages;

/// <summary>
/// One SMS accepted from an app. The row is the outbox entry: the dispatcher claims rows whose
/// <see cref="DueAt"/> has passed and whose status is still <see cref="MessageStatus.Accepted"/>.
/// </summary>
public sealed class Message
{
    public Guid Id { get; set; }

    /// <summary>The calling app (the name of its API key).</summary>
    public required string AppId { get; set; }

    /// <summary>Destination in E.164.</summary>
    public required string To { get; set; }

    public required string Body { get; set; }

    public required string Purpose { get; set; }

    public string Status { get; set; } = MessageStatus.Accepted;

    public string? FallbackEmail { get; set; }

    public string? EmailSubject { get; set; }

    public bool OverrideOptIn { get; set; }

    public string? Reference { get; set; }

    /// <summary>When the message becomes eligible for dispatch.</summary>
    public DateTimeOffset DueAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>W3C trace context of the accepting request, carried through the outbox.</summary>
    public string? TraceParent { get; set; }
}
