namespace Notifications.Api.Messages;

/// <summary>Body of <c>POST /api/messages</c>, and one item of a batch.</summary>
public sealed record SendMessageRequest(
    string? To,
    string? Body,
    string? Purpose,
    string? FallbackEmail,
    string? EmailSubject,
    bool? OverrideOptIn,
    DateTimeOffset? SendAt,
    string? Reference);

/// <summary>Body of <c>POST /api/messages/batch</c>.</summary>
public sealed record SendBatchRequest(IReadOnlyList<SendMessageRequest?>? Messages);

public sealed record AcceptedMessage(Guid Id, string Status);

public sealed record BatchItemResult(int Index, Guid? Id, string Status, IDictionary<string, string[]>? Errors);

public sealed record BatchResponse(int Accepted, int Rejected, IReadOnlyList<BatchItemResult> Results);

public sealed record AttemptView(int Number, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, string Sender, string? ProviderSid, string? Outcome, int? ErrorCode);

public sealed record TimelineEntry(DateTimeOffset At, string Type, string? Status, int? ErrorCode, string? Detail);

public sealed record FallbackView(string Status, string? Reason, string Email, string? ProviderMessageId, DateTimeOffset? RequestedAt, DateTimeOffset? UpdatedAt);

/// <summary>Answer of <c>GET /api/messages/{id}</c>.</summary>
public sealed record MessageView(
    Guid Id,
    string Status,
    string To,
    string Country,
    string Purpose,
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
