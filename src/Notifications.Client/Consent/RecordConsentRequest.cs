namespace Notifications.Client.Consent;

/// <summary>An opt-in with its evidence (<c>POST /api/consents</c>).</summary>
public sealed record RecordConsentRequest
{
    /// <summary>The number, in E.164.</summary>
    public required string Phone { get; init; }

    /// <summary><c>transactional</c> or <c>marketing</c>.</summary>
    public required string Purpose { get; init; }

    /// <summary>How consent was given: <c>web-form</c>, <c>keyword</c>, <c>paper</c>, <c>ivr</c> or <c>api</c>; see <see cref="ConsentSources"/>.</summary>
    public required string Source { get; init; }

    /// <summary>The form's absolute URL (required for <c>web-form</c>).</summary>
    public string? SourceUrl { get; init; }

    /// <summary>The exact text shown or sent to the person.</summary>
    public required string OptInMessage { get; init; }

    /// <summary>When consent was given.</summary>
    public required DateTimeOffset CapturedAt { get; init; }

    /// <summary>The person's IP address (web forms).</summary>
    public string? IpAddress { get; init; }

    /// <summary>The person's browser user agent (web forms).</summary>
    public string? UserAgent { get; init; }

    /// <summary>For <c>marketing</c> only: the address the person agreed to receive marketing email at.</summary>
    public string? Email { get; init; }

    /// <summary>The person's IANA time zone (for quiet hours), for example <c>America/Chicago</c>.</summary>
    public string? TimeZone { get; init; }
}
