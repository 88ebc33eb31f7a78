namespace Notifications.Client.Consent;

/// <summary>The answer to a consent request: its id and <c>pending</c>.</summary>
public sealed record ConsentRequestAccepted
{
    /// <summary>The request's id (for <see cref="NotificationsClient.GetConsentRequestAsync"/>).</summary>
    public Guid Id { get; init; }

    /// <summary><c>pending</c>.</summary>
    public string Status { get; init; } = "";
}
