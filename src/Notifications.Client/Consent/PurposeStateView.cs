namespace Notifications.Client.Consent;

/// <summary>The consent state of one purpose.</summary>
public sealed record PurposeStateView
{
    /// <summary>The state (for example <c>opted_in</c> or <c>opted_out</c>).</summary>
    public string Status { get; init; } = "";

    /// <summary>Since when.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>How it came to be.</summary>
    public string? Source { get; init; }
}
