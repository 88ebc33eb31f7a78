namespace Notifications.Worker.Dispatch;

/// <summary>What a batch job needs of one message; <see cref="Segments"/> is what it costs at the sender's rate limit.</summary>
public sealed record BatchMessage(
    Guid Id, string To, string Country, string Body, string Purpose, bool OverrideOptIn, string? FallbackEmail, int Attempts,
    DateTimeOffset? HandedOverAt, string? Sender, string? TraceParent, DateTimeOffset AcceptedAt, string Program, int Segments = 1)
{
    /// <summary>The message's <c>validUntil</c> (set by the send-window step, <see cref="SendWindowStep"/>); null: no limit.</summary>
    public DateTimeOffset? ValidUntil { get; init; }
}
