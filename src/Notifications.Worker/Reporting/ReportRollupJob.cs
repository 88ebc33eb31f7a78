using Hangfire;
using Notifications.Core.Reporting;
using Npgsql;

namespace Notifications.Worker.Reporting;

/// <summary>
/// Keeps the channel-reliability report's rollups up to date: recomputes the days that changed since they were sealed
/// and seals the days that have closed (<see cref="DailyStats"/>), a month of days per transaction, until nothing is
/// due or <see cref="RunBudget"/> is spent (the next run goes on); then the slices of the days not sealed
/// (<see cref="DaySlices"/>: today's minutes up to 3 minutes ago, closed hours merged, changed slices recomputed).
/// The report is exact whether this job has run or not: it only makes the report cheaper.
/// </summary>
public sealed partial class ReportRollupJob(NpgsqlDataSource dataSource, TimeProvider time, ILogger<ReportRollupJob> logger)
{
    /// <summary>How long one run may roll up: a first run over a large history goes on in the next runs.</summary>
    public static readonly TimeSpan RunBudget = TimeSpan.FromMinutes(5);

    [AutomaticRetry(Attempts = 0)]
    [JobDisplayName("Report rollups")]
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var days = 0;
        while (time.GetElapsedTime(started) < RunBudget)
        {
            var computed = await DailyStats.RollUpDueDaysAsync(dataSource, cancellationToken);
            if (computed == 0)
            {
                break;
            }

            days += computed;
        }

        var slices = await DaySlices.RollUpDueAsync(dataSource, cancellationToken);
        LogRolledUp(logger, days, slices, (long)time.GetElapsedTime(started).TotalMilliseconds);
        return days + slices;
    }

    [LoggerMessage(EventId = 7101, Level = LogLevel.Information, Message = "Report rollups: {Days} days and {Slices} slices computed in {ElapsedMs} ms")]
    private static partial void LogRolledUp(ILogger logger, int days, int slices, long elapsedMs);
}
