namespace Notifications.Api.Consent;

/// <summary>Answer of <c>GET /api/consents/{phone}</c>: current state per purpose and the whole history.</summary>
public sealed record ConsentStateResponse(
    string Phone,
    bool Suppressed,
    SuppressionView? Suppression,
    IReadOnlyDictionary<string, PurposeStateView> Purposes,
    IReadOnlyList<ConsentEventView> Events);
