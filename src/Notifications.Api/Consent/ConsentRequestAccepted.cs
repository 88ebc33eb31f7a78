namespace Notifications.Api.Consent;

/// <summary>The answer to <c>POST /api/consents/requests</c>.</summary>
public sealed record ConsentRequestAccepted(Guid Id, string Status);
