using System.ComponentModel.DataAnnotations;

namespace Notifications.Worker;

/// <summary>Hangfire server tuning, configuration section <c>Hangfire</c>.</summary>
public sealed class HangfireServerSettings
{
    public const string SectionName = "Hangfire";

    /// <summary>Concurrent job workers. The default value is 20.</summary>
    [Range(1, 200, ErrorMessage = "Hangfire:WorkerCount must be between 1 and 200.")]
    public int WorkerCount { get; set; } = 20;

    /// <summary>
    /// How often idle workers poll the queue. Long polling wakes them at once on enqueue, so this is
    /// only the safety net. The default value is 5 seconds.
    /// </summary>
    public TimeSpan QueuePollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a job fetched by a crashed server stays invisible before another server takes it.
    /// The default value is 5 minutes.
    /// </summary>
    public TimeSpan InvisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);
}
