using Notifications.Core.Hosting;
using Npgsql;

namespace Notifications.Api.Webhooks;

/// <summary>
/// Records the times in which status callbacks may have been lost, so that the worker looks those messages
/// up at Twilio at once instead of after <c>Reconciliation:QueuedAfter</c> (Twilio posts a callback once:
/// one that found no api, or got a 503, is gone).
/// <list type="bullet">
/// <item>Every <see cref="CallbackGap.HeartbeatInterval"/> the process writes its heartbeat row.</item>
/// <item>Its first beat: when no other api process is alive, the time since the newest heartbeat of any
/// process is a gap (<see cref="CallbackGap.NoLiveApi"/>): every api was down, crashed or restarting.</item>
/// <item>A beat, or a group of callbacks, that fails because PostgreSQL is unreachable is noted in memory
/// (<see cref="UnstoredCallbacks"/>); the next beat that succeeds writes the gap
/// (<see cref="CallbackGap.DatabaseUnreachable"/>) with the heartbeat, in one statement.</item>
/// </list>
/// </summary>
public sealed partial class CallbackGapRecorder(
    NpgsqlDataSource dataSource,
    UnstoredCallbacks unstored,
    TimeProvider time,
    ILogger<CallbackGapRecorder> logger) : BackgroundService
{
    private readonly Guid _instance = Guid.CreateVersion7();
    private DateTimeOffset _startedAt;
    private DateTimeOffset? _lastBeat;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _startedAt = time.GetUtcNow();
        var outage = new OutageTracker(logger, nameof(CallbackGapRecorder));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await BeatAsync(stoppingToken);
                outage.Succeeded();
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                if (DependencyFailures.IsDatabaseUnavailable(ex))
                {
                    // Callbacks posted from the last beat on may have been refused.
                    unstored.Note(_lastBeat ?? _startedAt, time.GetUtcNow());
                }

                outage.Failed(ex);
            }

            try
            {
                await Task.Delay(CallbackGap.HeartbeatInterval, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await using var command = dataSource.CreateCommand("UPDATE api_heartbeats SET stopped_at = $2 WHERE instance_id = $1");
            command.Parameters.Add(new() { Value = _instance });
            command.Parameters.Add(new() { Value = time.GetUtcNow() });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is NpgsqlException or OperationCanceledException or TimeoutException or ObjectDisposedException)
        {
            // Best effort: a process that could not say it stopped looks crashed, which makes the same gap. The data
            // source may already be disposed when the host stops its services after the container began to go.
        }
    }

    /// <summary>
    /// One statement: the gap since the newest heartbeat when this is the process's first beat and no
    /// other process is alive; the gap noted in memory, if any; then the beat itself.
    /// </summary>
    private async Task BeatAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var noted = unstored.Since;
        await using var command = dataSource.CreateCommand("""
            WITH others AS (
                SELECT max(beat_at) AS last_beat,
                       bool_or(stopped_at IS NULL AND beat_at >= $3) AS any_alive
                FROM api_heartbeats WHERE instance_id <> $1),
            restart_gap AS (
                INSERT INTO callback_gaps (started_at, ended_at, reason)
                SELECT last_beat, $2, $4 FROM others
                WHERE $5 AND last_beat IS NOT NULL AND NOT coalesce(any_alive, false)
                RETURNING id),
            outage_gap AS (
                INSERT INTO callback_gaps (started_at, ended_at, reason)
                SELECT $6::timestamptz, $2, $7 WHERE $6::timestamptz IS NOT NULL
                RETURNING id),
            beat AS (
                INSERT INTO api_heartbeats (instance_id, started_at, beat_at) VALUES ($1, $8, $2)
                ON CONFLICT (instance_id) DO UPDATE SET beat_at = excluded.beat_at, stopped_at = NULL)
            SELECT (SELECT count(*) FROM restart_gap) + (SELECT count(*) FROM outage_gap)
            """);
        command.Parameters.Add(new() { Value = _instance });
        command.Parameters.Add(new() { Value = now });
        command.Parameters.Add(new() { Value = now - CallbackGap.LiveWithin });
        command.Parameters.Add(new() { Value = CallbackGap.NoLiveApi });
        command.Parameters.Add(new() { Value = _lastBeat is null });
        command.Parameters.Add(new() { Value = noted.HasValue ? noted.Value : DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new() { Value = CallbackGap.DatabaseUnreachable });
        command.Parameters.Add(new() { Value = _startedAt });
        var gaps = (long)(await command.ExecuteScalarAsync(cancellationToken) ?? 0L);
        _lastBeat = now;
        if (noted is not null)
        {
            unstored.Recorded(now);
        }

        if (gaps > 0)
        {
            LogGapRecorded(logger, gaps);
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "Recorded {Count} callback gaps: status callbacks may have been lost; the worker looks those messages up at Twilio")]
    private static partial void LogGapRecorded(ILogger logger, long count);
}
