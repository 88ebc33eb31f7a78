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
    string? Reference,
    bool? SmartEncoding = null,
    DateTimeOffset? ValidUntil = null);
