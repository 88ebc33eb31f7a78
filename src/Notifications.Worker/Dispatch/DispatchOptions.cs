using System.ComponentModel.DataAnnotations;
using Notifications.ServiceDefaults;

namespace Notifications.Worker.Dispatch;

/// <summary>
/// The send path's tuning, configuration section <c>Dispatch</c>. Checked at start-up: a value out of
/// range stops the worker with a message naming its key.
/// </summary>
public sealed class DispatchOptions
{
    public const string SectionName = "Dispatch";

    /// <summary>Messages one batch job takes. The default value is 500.</summary>
    [Range(1, 5_000, ErrorMessage = "Dispatch:BatchSize must be between 1 and 5,000.")]
    public int BatchSize { get; set; } = 500;

    /// <summary>How often the outbox is polled when no notification arrives. The default value is 1 second.</summary>
    [TimeSpanRange("Dispatch:PollInterval", "00:00:00.010", "00:05:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long the dispatcher waits after a notification before claiming, so that messages accepted
    /// close together share a batch (each batch is a Hangfire job, whose own bookkeeping costs about
    /// as much as a few dozen messages). It applies only while messages arrive faster than direct batches
    /// take them (see <see cref="DirectBatchSize"/>): after a round claimed at once that still handed a batch
    /// to Hangfire, and for a notification that comes within this time of that round; every other notification is
    /// claimed at once, or, while a direct batch runs, when it ends (waiting at most this long). The default value
    /// is 250 milliseconds.
    /// </summary>
    [TimeSpanRange("Dispatch:BatchLinger", "00:00:00", "00:00:10")]
    public TimeSpan BatchLinger { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// The largest claim the dispatcher sends in its own process at once (a direct batch) instead of handing it
    /// to Hangfire as a job, one direct batch at a time: a message accepted while one runs is claimed when it ends, in the
    /// next. A claim larger than this, or a direct batch still running after <see cref="BatchLinger"/>, means messages arrive
    /// faster than direct batches take them: then batches linger and grow, each a Hangfire job, which costs less per
    /// message. A direct batch is claimed in PostgreSQL as any other and runs the same code as the batch job; if
    /// it fails or the worker stops, the batch is handed to Hangfire, and a crash leaves it to the recovery sweep.
    /// 0 sends every batch through Hangfire. The default value is 50.
    /// </summary>
    [Range(0, 5_000, ErrorMessage = "Dispatch:DirectBatchSize must be between 0 and 5,000.")]
    public int DirectBatchSize { get; set; } = 50;

    /// <summary>
    /// Concurrent create calls per worker process, all batch jobs together (Twilio answers a create in
    /// a few hundred milliseconds, so this bounds a worker's send rate). The default value is 64.
    /// </summary>
    [Range(1, 512, ErrorMessage = "Dispatch:SendConcurrency must be between 1 and 512.")]
    public int SendConcurrency { get; set; } = 64;

    /// <summary>
    /// How long after its acceptance a message may still be retried when Twilio never processed its create
    /// (429, 20429, 21611 queue full, or a 5xx or timeout the lookup shows was never created): retries go on,
    /// spaced by <see cref="RetryBaseDelay"/> and <see cref="RetryMaxDelay"/>, until this is spent; then the
    /// message fails with <c>retries_exhausted</c> (and its fallback is requested). Refusals that say the
    /// message can never go (21211, 21610, 21612, 21614, configuration errors) end it at once. The default
    /// value is 1 hour.
    /// </summary>
    /// <remarks>
    /// <c>Dispatch:MaxAttempts</c>, the fixed count this replaces, is no longer read: every retry it counted
    /// is one Twilio never processed, which the budget bounds. A configuration that still sets it starts as before.
    /// </remarks>
    [TimeSpanRange("Dispatch:RetryBudget", "00:00:01", "1.00:00:00")]
    public TimeSpan RetryBudget { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// The backoff of the first retry; each later one may wait twice as long, up to <see cref="RetryMaxDelay"/>,
    /// and the actual wait is drawn uniformly between zero and that (full jitter), so that messages refused
    /// together do not come back together. The default value is 30 seconds.
    /// </summary>
    [TimeSpanRange("Dispatch:RetryBaseDelay", "00:00:01", "01:00:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest backoff between two tries of a message. The default value is 5 minutes.</summary>
    [TimeSpanRange("Dispatch:RetryMaxDelay", "00:00:01", "01:00:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The share of each sender's rate a worker takes on its own while Redis (the shared rate buckets) is
    /// unreachable and the number of live workers (Hangfire's server heartbeats) is unknown too. While the
    /// number is known, each worker takes one over it. The default value is 0.25.
    /// </summary>
    [Range(0.01, 1.0, ErrorMessage = "Dispatch:LocalRateShare must be between 0.01 and 1.")]
    public double LocalRateShare { get; set; } = 0.25;

    /// <summary>A claimed message whose batch job never reached it is released after this. The default value is 2 minutes.</summary>
    [TimeSpanRange("Dispatch:ClaimTimeout", "00:00:01", "01:00:00")]
    public TimeSpan ClaimTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// A hand-over without an answer older than this is resolved by looking the message up at
    /// Twilio. Must exceed the Twilio client's own timeout. The default value is 1 minute.
    /// </summary>
    [TimeSpanRange("Dispatch:AmbiguousAfter", "00:00:01", "01:00:00")]
    public TimeSpan AmbiguousAfter { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long after an unanswered create the first lookup at Twilio waits: Twilio's message list shows a
    /// new message only after a short delay, and a lookup made too early would see nothing and allow a
    /// second SMS. Each later lookup waits twice as long as the one before. The default value is 5 seconds.
    /// </summary>
    [TimeSpanRange("Dispatch:LookupDelay", "00:00:00.100", "00:05:00")]
    public TimeSpan LookupDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Lookups at Twilio before an unanswered create is taken as never created (every one must find
    /// nothing). The default value is 3 (5, 15 and 35 seconds after the hand-over with the default delay).
    /// </summary>
    [Range(1, 10, ErrorMessage = "Dispatch:LookupAttempts must be between 1 and 10.")]
    public int LookupAttempts { get; set; } = 3;

    /// <summary>How long after a hand-over its last lookup is due (35 seconds with the defaults).</summary>
    public TimeSpan LookupSchedule => LookupDelay * ((1 << LookupAttempts) - 1);

    /// <summary>
    /// The lease a fallback email job holds on its message (renewed every third of it while the job works):
    /// a requested fallback whose lease ran out (its job is gone) is handed to a new job. The default value is 10 minutes.
    /// </summary>
    [TimeSpanRange("Dispatch:FallbackLease", "00:00:01", "01:00:00")]
    public TimeSpan FallbackLease { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often the recovery sweep runs. The default value is 15 seconds.</summary>
    [TimeSpanRange("Dispatch:RecoveryInterval", "00:00:01", "00:10:00")]
    public TimeSpan RecoveryInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>The subject of fallback emails when the message names none. The default value is "Message from Notifications".</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Dispatch:DefaultEmailSubject must not be empty.")]
    public string DefaultEmailSubject { get; set; } = "Message from Notifications";
}
