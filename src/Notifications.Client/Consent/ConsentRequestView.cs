namespace Notifications.Client.Consent;

/// <summary>One consent request: <c>pending</c>, <c>confirmed</c> or <c>expired</c>.</summary>
public sealed record ConsentRequestView
{
    /// <summary>The request's id.</summary>
    public Guid Id { get; init; }

    /// <summary>The number, in E.164.</summary>
    public string Phone { get; init; } = "";

    /// <summary>The purpose asked for.</summary>
    public string Purpose { get; init; } = "";

    /// <summary><c>pending</c>, <c>confirmed</c> or <c>expired</c>.</summary>
    public string Status { get; init; } = "";

    /// <summary>When it was made.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>Until when a YES confirms it.</summary>
    public DateTimeOffset ExpiresAt { get; init; }

    /// <summary>When the YES arrived, if it did.</summary>
    public DateTimeOffset? ConfirmedAt { get; init; }
}
