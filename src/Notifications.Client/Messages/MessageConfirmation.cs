namespace Notifications.Client.Messages;

/// <summary>A message's confirmed receipt: when the app first confirmed the recipient acted on it.</summary>
public sealed record MessageConfirmation
{
    /// <summary>The message's id.</summary>
    public Guid Id { get; init; }

    /// <summary>When it was first confirmed.</summary>
    public DateTimeOffset ConfirmedAt { get; init; }
}
