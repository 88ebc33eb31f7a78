namespace Notifications.Core.Email;

/// <summary>
/// Whether fallback emails of a program may go to an address: the latest preference SendGrid reported for it
/// (<c>unsubscribe</c>, <c>group_unsubscribe</c>, <c>spamreport</c> suppress; <c>group_resubscribe</c> lifts). One row
/// per program and address; <see cref="At"/> is when the person acted (the event's own time), so an event that
/// arrives late never overrides a newer one (see <see cref="EmailSuppressionStore"/>).
/// </summary>
public sealed class EmailSuppression
{
    /// <summary>Column length of <see cref="Email"/> (the same bound as a message's fallback address).</summary>
    public const int EmailMaxLength = Messages.Message.FallbackEmailMaxLength;

    /// <summary>Column length of <see cref="EventId"/> (SendGrid's <c>sg_event_id</c>).</summary>
    public const int EventIdMaxLength = 100;

    /// <summary>
    /// The program of a preference that matches none of our messages: it applies to every program. Not a valid
    /// program name (<c>Programs:&lt;name&gt;</c> are lower-case letters, digits, '-' and '_'), so it names none.
    /// </summary>
    public const string AllPrograms = "*";

    /// <summary>The program whose fallback emails it covers, or <see cref="AllPrograms"/>.</summary>
    public required string Program { get; set; }

    /// <summary>The address, lower-case (see <see cref="EmailSuppressionStore.Normalize"/>).</summary>
    public required string Email { get; set; }

    /// <summary>True while fallback emails to the address are withheld.</summary>
    public bool Active { get; set; }

    /// <summary>The SendGrid event that set the current state: <c>unsubscribe</c>, <c>group_unsubscribe</c>, <c>spamreport</c> or <c>group_resubscribe</c>.</summary>
    public required string Reason { get; set; }

    /// <summary>SendGrid's <c>sg_event_id</c> of that event.</summary>
    public required string EventId { get; set; }

    /// <summary>When the person acted (the event's <c>timestamp</c>).</summary>
    public DateTimeOffset At { get; set; }

    /// <summary>When the service recorded it.</summary>
    public DateTimeOffset UpdatedAt { get; set; }
}
