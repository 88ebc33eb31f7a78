using Notifications.Core.Consent;
using Notifications.Core.Inbound;
using Notifications.Core.Suppression;

namespace Notifications.Api.Consent;

/// <summary>Body of <c>POST /api/consents</c>.</summary>
public sealed record RecordConsentRequest(
    string? Phone,
    string? Purpose,
    string? Source,
    string? SourceUrl,
    string? OptInMessage,
    DateTimeOffset? CapturedAt,
    string? IpAddress,
    string? UserAgent);

/// <summary>Body of <c>POST /api/consents/{phone}/revoke</c> (optional).</summary>
public sealed record RevokeConsentRequest(string? Purpose, string? Reason);

public sealed record PurposeStateView(string Status, DateTimeOffset? Since, string? Source);

public sealed record SuppressionView(bool Active, string Reason, string? Detail, string? SourceMessageSid, DateTimeOffset SuppressedAt, DateTimeOffset? LiftedAt)
{
    public static SuppressionView? Of(SuppressedNumber? s) =>
        s is null ? null : new(s.Active, s.Reason, s.Detail, s.SourceMessageSid, s.SuppressedAt, s.LiftedAt);
}

public sealed record ConsentEventView(
    long Id, string Purpose, string Kind, DateTimeOffset OccurredAt, DateTimeOffset RecordedAt, string Source,
    string? SourceUrl, string? OptInMessage, string? TextReceived, string? InboundMessageSid,
    string? IpAddress, string? UserAgent, string CapturedBy, string? Note)
{
    public static ConsentEventView Of(ConsentEvent e) => new(
        e.Id, e.Purpose, e.Kind, e.OccurredAt, e.RecordedAt, e.Source, e.SourceUrl, e.OptInMessage, e.TextReceived,
        e.InboundMessageSid, e.IpAddress, e.UserAgent, e.CapturedBy, e.Note);
}

/// <summary>Answer of <c>GET /api/consents/{phone}</c>: current state per purpose and the whole history.</summary>
public sealed record ConsentStateResponse(
    string Phone,
    bool Suppressed,
    SuppressionView? Suppression,
    IReadOnlyDictionary<string, PurposeStateView> Purposes,
    IReadOnlyList<ConsentEventView> Events);

public sealed record InboundMessageView(string MessageSid, DateTimeOffset ReceivedAt, string To, string Body, string Classification)
{
    public static InboundMessageView Of(InboundMessage m) => new(m.MessageSid, m.ReceivedAt, m.To, m.Body, m.Classification);
}

/// <summary>The evidence export of one number: everything the service holds about its consent, in order.</summary>
public sealed record ConsentEvidenceExport(
    string Document,
    DateTimeOffset GeneratedAt,
    string GeneratedFor,
    string Phone,
    ConsentStateResponse Consent,
    IReadOnlyList<InboundMessageView> InboundMessages,
    string RetentionPolicy);
