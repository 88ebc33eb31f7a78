using System.ComponentModel.DataAnnotations;
using Notifications.ServiceDefaults;

namespace Notifications.Worker.Retention;

/// <summary>
/// How long the service keeps what it stores, configuration section <c>Retention</c>, applied by
/// <see cref="RetentionPurgeJob"/>. Checked at start-up: a value out of range stops the worker with a
/// message naming its key (<see cref="RetentionOptionsValidator"/> says why for the legal floors).
/// </summary>
public sealed class RetentionOptions
{
    public const string SectionName = "Retention";

    /// <summary>The shortest <see cref="ConsentEvidence"/> accepted: TCPA claims can be brought for 4 years.</summary>
    public static readonly TimeSpan ConsentEvidenceFloor = TimeSpan.FromDays(4 * 365 + 1);

    /// <summary>The shortest <see cref="IdempotencyKeys"/> accepted: the API promises that keys live at least 24 hours.</summary>
    public static readonly TimeSpan IdempotencyKeysFloor = TimeSpan.FromHours(24);

    /// <summary>
    /// How long after a message reached its final status (and its creation) its body is kept; then the body is
    /// replaced by an empty string. The same holds for inbound messages that are not consent evidence, counted
    /// from their receipt. The message row, its status, timeline and attempts stay for the report until <see cref="Messages"/>. The default
    /// value is 30 days.
    /// </summary>
    [TimeSpanRange("Retention:MessageBodies", "1.00:00:00", "3650.00:00:00")]
    public TimeSpan MessageBodies { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// How long a settled message (final, or <c>sent</c> with no receipt; never one whose fallback is pending) is kept
    /// after its creation, with its timeline and attempts; then it is deleted, and the reliability report no longer
    /// counts it. This is what bounds the message tables. Longer than the report's longest period (366 days) by
    /// default. The default value is 400 days.
    /// </summary>
    [TimeSpanRange("Retention:Messages", "31.00:00:00", "3650.00:00:00")]
    public TimeSpan Messages { get; set; } = TimeSpan.FromDays(400);

    /// <summary>
    /// How long an <c>Idempotency-Key</c> record is kept after its first use (it is also never deleted before it
    /// expires). At least 24 hours. The default value is 25 hours.
    /// </summary>
    public TimeSpan IdempotencyKeys { get; set; } = TimeSpan.FromHours(25);

    /// <summary>
    /// How long consent evidence is kept after the latest event of its program and number: a whole chain is
    /// deleted only when its latest event is older than this. At least 4 years (TCPA claims can be brought for
    /// 4 years; the Telemarketing Sales Rule keeps records 5). The default value is 5 years (1,826 days).
    /// </summary>
    public TimeSpan ConsentEvidence { get; set; } = TimeSpan.FromDays(5 * 365 + 1);

    /// <summary>
    /// How long housekeeping rows are kept: api heartbeats not written for this long (the newest one always
    /// stays, it dates a restart after an outage), and callback gaps settled and ended this long ago. The
    /// default value is 7 days.
    /// </summary>
    [TimeSpanRange("Retention:Housekeeping", "1.00:00:00", "365.00:00:00")]
    public TimeSpan Housekeeping { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Rows one purge statement touches (consent evidence: chains; messages: a fifth as many, each deleted with its
    /// timeline and attempts, about five rows). Each batch is its own short transaction. The default value is 5,000.
    /// </summary>
    [Range(100, 50_000, ErrorMessage = "Retention:BatchSize must be between 100 and 50,000.")]
    public int BatchSize { get; set; } = 5_000;

    /// <summary>The pause between two batches, leaving room to other work. The default value is 100 milliseconds.</summary>
    [TimeSpanRange("Retention:BatchPause", "00:00:00", "00:00:10")]
    public TimeSpan BatchPause { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// How long one run may purge; a run stops after the batch that exceeds it and the next run (hourly) goes
    /// on where it stopped. The default value is 10 minutes.
    /// </summary>
    [TimeSpanRange("Retention:RunBudget", "00:00:01", "00:50:00")]
    public TimeSpan RunBudget { get; set; } = TimeSpan.FromMinutes(10);
}
