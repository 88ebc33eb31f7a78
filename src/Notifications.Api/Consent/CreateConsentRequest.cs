namespace Notifications.Api.Consent;

/// <summary>Body of <c>POST /api/consents/requests</c>: what the person did to ask for messages.</summary>
public sealed record CreateConsentRequest(
    string? Phone,
    string? Purpose,
    string? Source,
    string? SourceUrl,
    string? IpAddress,
    string? UserAgent);
