namespace Notifications.Client.Consent;

/// <summary>A double opt-in request (<c>POST /api/consents/requests</c>): the number is asked to reply YES.</summary>
public sealed record CreateConsentRequest
{
    /// <summary>The number, in E.164.</summary>
    public required string Phone { get; init; }

    /// <summary><c>transactional</c> or <c>marketing</c>.</summary>
    public required string Purpose { get; init; }

    /// <summary>How the person asked for messages (<see cref="ConsentSources"/>).</summary>
    public required string Source { get; init; }

    /// <summary>The form's absolute URL (web forms).</summary>
    public string? SourceUrl { get; init; }

    /// <summary>The person's IP address (web forms).</summary>
    public string? IpAddress { get; init; }

    /// <summary>The person's user agent (web forms).</summary>
    public string? UserAgent { get; init; }
}
