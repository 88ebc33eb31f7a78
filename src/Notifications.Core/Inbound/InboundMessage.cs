namespace Notifications.Core.Inbound;

/// <summary>An SMS received through Twilio's inbound webhook, stored once per MessageSid.</summary>
public sealed class InboundMessage
{
    public required string MessageSid { get; set; }

    /// <summary><c>I-Twilio-Idempotency-Token</c> of the first delivery.</summary>
    public string? IdempotencyToken { get; set; }

    public required string From { get; set; }

    public required string To { get; set; }

    public required string Body { get; set; }

    /// <summary>See <see cref="InboundClassification"/>.</summary>
    public required string Classification { get; set; }

    /// <summary>The TwiML the service answered, replayed for duplicates.</summary>
    public required string Reply { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }
}
