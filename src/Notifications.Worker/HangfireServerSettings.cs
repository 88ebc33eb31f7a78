using System.ComponentModel.DataAnnotations;
using Notifications.ServiceDefaults;

namespace Notifications.Worker;

/// <summary>Hangfire server tuning, configuration section <c>Hangfire</c>.</summary>
public sealed class HangfireServerSettings
{
    public const string SectionName = "Hangfire";

    /// <summary>
    /// Concurrent job workers. A send batch carries hundreds of messages and its create calls share
    /// the process-wide <c>Dispatch:SendConcurrency</c>, so a few workers keep the send path busy;
    /// every idle worker wakes and queries the queue on each enqueue, so more cost CPU in this process
    /// and in PostgreSQL for nothing. The default value is 5.
    /// </summary>
    [Range(1, 200, ErrorMessage = "Hangfire:WorkerCount must be between 1 and 200.")]
    public int WorkerCount { get; set; } = 5;

    /// <summary>
    /// How often idle workers poll the queue. Long polling wakes them at once on enqueue, so this is
    /// only the safety net. The default value is 5 seconds.
    /// </summary>
    [TimeSpanRange("Hangfire:QueuePollInterval", "00:00:00.100", "01:00:00")]
    public TimeSpan QueuePollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long a job fetched by a crashed server stays invisible before another server takes it.
    /// The default value is 5 minutes.
    /// </summary>
    [TimeSpanRange("Hangfire:InvisibilityTimeout", "00:01:00", "1.00:00:00")]
    public TimeSpan InvisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);
}
