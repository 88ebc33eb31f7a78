namespace Notifications.Core.Consent;

/// <summary>
/// A double opt-in in progress: an app asked for a number's consent, the service sent the program's
/// confirmation SMS through the outbox (<see cref="ConfirmationMessageId"/>), and a <c>YES</c> from the number
/// within the window confirms it (<see cref="ConsentRequestConfirmer"/>), recording the opt-in with the reply as
/// its evidence. The stored status is <see cref="ConsentRequestStatus.Pending"/> or
/// <see cref="ConsentRequestStatus.Confirmed"/>; <see cref="ConsentRequestStatus.Expired"/> is computed from
/// <see cref="ExpiresAt"/> (<see cref="StatusAt"/>).
/// </summary>
public sealed class ConsentRequest
{
    /// <summary>Column length of <see cref="Source"/>.</summary>
    public const int SourceMaxLength = 20;

    /// <summary>Column length of <see cref="RequestedBy"/> (an app's name).</summary>
    public const int RequestedByMaxLength = 100;

    public Guid Id { get; set; }

    /// <summary>The program the consent is asked for: the requesting app's (<c>Apps:&lt;app&gt;:Program</c>).</summary>
    public required string Program { get; set; }

    /// <summary>E.164. Never logged.</summary>
    public required string Phone { get; set; }

    /// <summary>See <see cref="ConsentPurpose"/>.</summary>
    public required string Purpose { get; set; }

    /// <summary>Where the person asked to subscribe (<see cref="ConsentSource.OptInSources"/>).</summary>
    public required string Source { get; set; }

    public string? SourceUrl { get; set; }

    public string? IpAddress { get; set; }

    public string? UserAgent { get; set; }

    /// <summary>The app (API key name) that asked.</summary>
    public required string RequestedBy { get; set; }

    /// <summary>The confirmation SMS in the outbox (a row of <c>messages</c> of the requesting app).</summary>
    public Guid ConfirmationMessageId { get; set; }

    /// <summary>The exact confirmation text sent, kept here as evidence (message bodies are purged, evidence is not).</summary>
    public required string ConfirmationText { get; set; }

    /// <summary><see cref="ConsentRequestStatus.Pending"/> or <see cref="ConsentRequestStatus.Confirmed"/>.</summary>
    public string Status { get; set; } = ConsentRequestStatus.Pending;

    /// <summary>When the confirming reply was received.</summary>
    public DateTimeOffset? ConfirmedAt { get; set; }

    /// <summary>Twilio's SID of the confirming reply.</summary>
    public string? InboundMessageSid { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary><see cref="CreatedAt"/> plus <c>Consent:ConfirmationWindow</c>: a reply at or after it confirms nothing.</summary>
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>The status as the API reports it at <paramref name="now"/>: pending past its window is expired.</summary>
    public string StatusAt(DateTimeOffset now) =>
        Status == ConsentRequestStatus.Pending && now >= ExpiresAt ? ConsentRequestStatus.Expired : Status;
}
