namespace Notifications.Api.Messages;

/// <summary>Answer of <c>GET /api/messages/{id}</c>.</summary>
public sealed record MessageView(
    Guid Id,
    string Status,
    string To,
    string Country,
    string Purpose,
    string Encoding,
    int Segments,
    string? Reference,
    bool OverrideOptIn,
    DateTimeOffset CreatedAt,
    DateTimeOffset DueAt,
    DateTimeOffset UpdatedAt,
    string? Sender,
    string? SenderKind,
    string? ProviderSid,
    int? ErrorCode,
    IReadOnlyList<AttemptView> Attempts,
    IReadOnlyList<TimelineEntry> Timeline,
    FallbackView? Fallback);
