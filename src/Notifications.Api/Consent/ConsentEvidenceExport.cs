namespace Notifications.Api.Consent;

/// <summary>The evidence export of one number: everything the service holds about its consent, in order.</summary>
public sealed record ConsentEvidenceExport(
    string Document,
    DateTimeOffset GeneratedAt,
    string GeneratedFor,
    string Phone,
    ConsentStateResponse Consent,
    IReadOnlyList<InboundMessageView> InboundMessages,
    string RetentionPolicy);
