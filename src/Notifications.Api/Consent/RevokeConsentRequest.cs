namespace Notifications.Api.Consent;

/// <summary>Body of <c>POST /api/consents/{phone}/revoke</c> (optional).</summary>
public sealed record RevokeConsentRequest(string? Purpose, string? Reason);
