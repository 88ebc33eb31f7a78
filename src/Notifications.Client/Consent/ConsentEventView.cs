namespace Notifications.Client.Consent;

/// <summary>One event of a number's consent evidence, with its place in the hash chain.</summary>
public sealed record ConsentEventView
{
    /// <summary>The event's id.</summary>
    public long Id { get; init; }

    /// <summary>The purpose it concerns.</summary>
    public string Purpose { get; init; } = "";

    /// <summary>What it is (opt-in, opt-out, ...).</summary>
    public string Kind { get; init; } = "";

    /// <summary>When it happened.</summary>
    public DateTimeOffset OccurredAt { get; init; }

    /// <summary>When it was recorded.</summary>
    public DateTimeOffset RecordedAt { get; init; }

    /// <summary>How it was given.</summary>
    public string Source { get; init; } = "";

    /// <summary>The form's URL.</summary>
    public string? SourceUrl { get; init; }

    /// <summary>The exact text shown or sent.</summary>
    public string? OptInMessage { get; init; }

    /// <summary>The exact text received (keyword or reply).</summary>
    public string? TextReceived { get; init; }

    /// <summary>The inbound message's SID.</summary>
    public string? InboundMessageSid { get; init; }

    /// <summary>The person's IP address.</summary>
    public string? IpAddress { get; init; }

    /// <summary>The person's user agent.</summary>
    public string? UserAgent { get; init; }

    /// <summary>The app (or channel) that recorded it.</summary>
    public string CapturedBy { get; init; } = "";

    /// <summary>A note (for example the reason of a revocation).</summary>
    public string? Note { get; init; }

    /// <summary>The program it belongs to.</summary>
    public string Program { get; init; } = "";

    /// <summary>The previous event's hash in the chain.</summary>
    public string? PreviousHash { get; init; }

    /// <summary>This event's SHA-256 hash.</summary>
    public string? Hash { get; init; }

    /// <summary>The marketing email address consented to, if any.</summary>
    public string? Email { get; init; }
}
