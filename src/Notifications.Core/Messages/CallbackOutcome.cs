namespace Notifications.Core.Messages;

/// <summary>What came of one <see cref="StatusCallback"/>.</summary>
public enum CallbackOutcome
{
    /// <summary>Recorded in the timeline and applied to the message.</summary>
    Applied,

    /// <summary>Already recorded (same idempotency token): nothing changed.</summary>
    Duplicate,

    /// <summary>No such message, or a status we do not track: nothing recorded.</summary>
    Unknown,
}
