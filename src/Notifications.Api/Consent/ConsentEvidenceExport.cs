namespace Notifications.Api.Consent;

/// <summary>
/// The evidence export of one number: everything the service holds about its consent, in order, with each
/// event's place in the hash chain and whether the chain verified when the export was made (<see cref="Verified"/>,
/// recomputed from the stored fields; <c>tools/Notifications.VerifyExport</c> re-checks the file offline).
/// </summary>
public sealed record ConsentEvidenceExport(
    string Document,
    DateTimeOffset GeneratedAt,
    string GeneratedFor,
    string Phone,
    ConsentStateResponse Consent,
    IReadOnlyList<InboundMessageView> InboundMessages,
    bool Verified,
    string RetentionPolicy);
