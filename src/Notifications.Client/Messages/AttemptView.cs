namespace Notifications.Client.Messages;

/// <summary>One hand-over of a message to Twilio.</summary>
public sealed record AttemptView
{
    /// <summary>The attempt's number, from 1.</summary>
    public int Number { get; init; }

    /// <summary>When the attempt started.</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>When the attempt finished.</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>The sender used.</summary>
    public string Sender { get; init; } = "";

    /// <summary>Twilio's message SID.</summary>
    public string? ProviderSid { get; init; }

    /// <summary>What came of it.</summary>
    public string? Outcome { get; init; }

    /// <summary>Twilio's error code, if any.</summary>
    public int? ErrorCode { get; init; }
}
