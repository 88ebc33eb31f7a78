namespace Notifications.Client.Consent;

/// <summary>An opt-out made outside SMS (<c>POST /api/consents/{phone}/revoke</c>).</summary>
public sealed record RevokeConsentRequest
{
    /// <summary>The purpose to revoke; null revokes every purpose (and suppresses the number for the app's program).</summary>
    public string? Purpose { get; init; }

    /// <summary>Why, as the person said it.</summary>
    public string? Reason { get; init; }
}
