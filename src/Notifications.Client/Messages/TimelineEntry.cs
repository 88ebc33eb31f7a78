namespace Notifications.Client.Messages;

/// <summary>One event in a message's timeline.</summary>
public sealed record TimelineEntry
{
    /// <summary>When it happened.</summary>
    public DateTimeOffset At { get; init; }

    /// <summary>What happened (accepted, scheduled, status, confirmed, ...).</summary>
    public string Type { get; init; } = "";

    /// <summary>The status it moved the message to, if any.</summary>
    public string? Status { get; init; }

    /// <summary>Twilio's error code, if any.</summary>
    public int? ErrorCode { get; init; }

    /// <summary>More about it.</summary>
    public string? Detail { get; init; }
}
