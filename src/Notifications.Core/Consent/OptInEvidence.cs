namespace Notifications.Core.Consent;

/// <summary>
/// What an app proves about an opt-in it captured, for its program; <paramref name="Email"/> is, for a marketing
/// opt-in, the address the person agreed to receive marketing email at.
/// </summary>
public sealed record OptInEvidence(
    string Phone,
    string Purpose,
    string Source,
    string? SourceUrl,
    string OptInMessage,
    DateTimeOffset CapturedAt,
    string? IpAddress,
    string? UserAgent,
    string CapturedBy,
    string? TextReceived = null,
    string? InboundMessageSid = null,
    string Program = ConsentEvent.DefaultProgram,
    string? Email = null);
