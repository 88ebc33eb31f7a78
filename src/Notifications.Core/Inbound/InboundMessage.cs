namespace Notifications.Core.Inbound;

/// <summary>An SMS received through Twilio's inbound webhook, stored once per MessageSid.</summary>
public sealed class InboundMessage
{
    /// <summary>Column length of <see cref="MessageSid"/> (a Twilio SID).</summary>
    public const int MessageSidMaxLength = 34;

    /// <summary>Column length of <see cref="IdempotencyToken"/>.</summary>
    public const int IdempotencyTokenMaxLength = 100;

    /// <summary>Column length of <see cref="From"/>.</summary>
    public const int FromMaxLength = 32;

    /// <summary>Column length of <see cref="To"/>.</summary>
    public const int ToMaxLength = 32;

    /// <summary>Column length of <see cref="Body"/> (Twilio's longest inbound body).</summary>
    public const int BodyMaxLength = 1600;

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
