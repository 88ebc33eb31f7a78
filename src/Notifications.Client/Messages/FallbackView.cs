namespace Notifications.Client.Messages;

/// <summary>A message's fallback email.</summary>
public sealed record FallbackView
{
    /// <summary><c>pending</c>, <c>sent</c>, <c>delivered</c>, <c>bounced</c>, <c>dropped</c> or <c>failed</c>.</summary>
    public string Status { get; init; } = "";

    /// <summary>Why the fallback was triggered.</summary>
    public string? Reason { get; init; }

    /// <summary>The address it goes to.</summary>
    public string Email { get; init; } = "";

    /// <summary>SendGrid's message id.</summary>
    public string? ProviderMessageId { get; init; }

    /// <summary>When it was requested.</summary>
    public DateTimeOffset? RequestedAt { get; init; }

    /// <summary>When it last changed.</summary>
    public DateTimeOffset? UpdatedAt { get; init; }
}
