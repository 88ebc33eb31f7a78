namespace Notifications.Client.Consent;

/// <summary>A number's suppression.</summary>
public sealed record SuppressionView
{
    /// <summary>Whether it is in force.</summary>
    public bool Active { get; init; }

    /// <summary>Why the number is suppressed.</summary>
    public string Reason { get; init; } = "";

    /// <summary>More about it.</summary>
    public string? Detail { get; init; }

    /// <summary>The inbound message (STOP) that caused it, if any.</summary>
    public string? SourceMessageSid { get; init; }

    /// <summary>When it began.</summary>
    public DateTimeOffset SuppressedAt { get; init; }

    /// <summary>When it was lifted, if it was.</summary>
    public DateTimeOffset? LiftedAt { get; init; }
}
