namespace Notifications.Core.Hosting;

/// <summary>
/// One api process's sign of life (table <c>api_heartbeats</c>), written every
/// <see cref="CallbackGap.HeartbeatInterval"/>: a process starting after a time with no live api
/// records the hole as a <see cref="CallbackGap"/>.
/// </summary>
public sealed class ApiHeartbeat
{
    public Guid InstanceId { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    /// <summary>The last beat the process wrote.</summary>
    public DateTimeOffset BeatAt { get; set; }

    /// <summary>When the process stopped cleanly; null while it runs, or when it crashed.</summary>
    public DateTimeOffset? StoppedAt { get; set; }
}
