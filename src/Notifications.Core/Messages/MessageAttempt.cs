namespace Notifications.Core.Messages;

/// <summary>One create call to Twilio for a message.</summary>
public sealed class MessageAttempt
{
    public long Id { get; set; }

    public Guid MessageId { get; set; }

    public int Number { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public required string Sender { get; set; }

    public string? ProviderSid { get; set; }

    /// <summary><c>handed_over</c>, <c>rejected</c>, <c>retry</c>, <c>ambiguous</c>.</summary>
    public string? Outcome { get; set; }

    public int? ErrorCode { get; set; }
}
