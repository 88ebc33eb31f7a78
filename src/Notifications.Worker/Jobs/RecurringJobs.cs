using Hangfire;
using Notifications.Core.Hosting;
using Notifications.Worker.Dispatch;
using Notifications.Worker.Feedback;
using Notifications.Worker.Reporting;
using Notifications.Worker.Retention;
using Notifications.Worker.Suppression;

namespace Notifications.Worker.Jobs;

/// <summary>
/// Every recurring job, registered with a stable id from this one place. Registration writes to
/// Hangfire's storage (PostgreSQL): a worker started while PostgreSQL is away registers them once it is back.
/// </summary>
internal sealed class RecurringJobs(IRecurringJobManager manager, TimeProvider time, ILogger<RecurringJobs> logger) : BackgroundService
{
    public const string SuppressionCacheRebuild = "suppression-cache-rebuild";
    public const string Reconciliation = "reconcile-stuck-messages";
    public const string GapReconciliation = "reconcile-callback-gaps";
    public const string MessageFeedback = "report-confirmed-receipts";
    public const string RetentionPurge = "retention-purge";
    public const string ReportRollups = "report-rollups";

    /// <summary>
    /// Every 30 seconds (a six-part cron expression: seconds first). With no open callback gap a run is one
    /// indexed query; Hangfire's scheduler polls every 15 s, so a gap is looked at within about 45 s of its end.
    /// </summary>
    public const string GapReconciliationSchedule = "*/30 * * * * *";

    /// <summary>Every 30 seconds: a confirmed receipt reaches Twilio within about 45 s (with the scheduler's 15 s poll).</summary>
    public const string MessageFeedbackSchedule = "*/30 * * * * *";

    /// <summary>
    /// Every 30 seconds: today's minutes are rolled up about 3 minutes after they end (the report reads only the last
    /// few minutes raw), closed days are sealed soon after midnight, changed days and slices recomputed within the minute.
    /// A run with nothing due is a few indexed queries.
    /// </summary>
    public const string ReportRollupsSchedule = "*/30 * * * * *";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var outage = new OutageTracker(logger, nameof(RecurringJobs));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                manager.AddOrUpdate<SuppressionCacheJob>(SuppressionCacheRebuild, job => job.RebuildAsync(CancellationToken.None), "*/10 * * * *");
                manager.AddOrUpdate<ReconciliationJob>(Reconciliation, job => job.RunAsync(CancellationToken.None), "*/5 * * * *");
                manager.AddOrUpdate<ReconciliationJob>(GapReconciliation, job => job.RunGapsAsync(CancellationToken.None), GapReconciliationSchedule);
                manager.AddOrUpdate<MessageFeedbackJob>(MessageFeedback, job => job.RunAsync(CancellationToken.None), MessageFeedbackSchedule);
                // Hourly, at 17 minutes past: away from the top of the hour, when other recurring work tends to start.
                manager.AddOrUpdate<RetentionPurgeJob>(RetentionPurge, job => job.RunAsync(CancellationToken.None), "17 * * * *");
                manager.AddOrUpdate<ReportRollupJob>(ReportRollups, job => job.RunAsync(CancellationToken.None), ReportRollupsSchedule);
                outage.Succeeded();
                return;
            }
            catch (Exception ex)
            {
                if (!await outage.FailedAndWaitAsync(ex, time, stoppingToken))
                {
                    return;
                }
            }
        }
    }
}
