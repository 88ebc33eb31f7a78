using Microsoft.Extensions.Options;
using Notifications.Core.Data;
using Notifications.Core.Sms;
using Npgsql;

namespace Notifications.Worker.Dispatch;

/// <summary>
/// This worker's share of each sender's rate while Redis is unreachable: one over the number of live
/// worker processes, counted from Hangfire's server heartbeats in PostgreSQL (each worker process runs one
/// Hangfire server, which beats every 30 seconds; a server counts while its last beat is at most
/// <see cref="Liveness"/> old). The count is cached for <see cref="CacheFor"/>, so a group of messages
/// costs no query. When the count cannot be read, <see cref="DispatchOptions.LocalRateShare"/>.
/// </summary>
public sealed partial class HangfireRateShare(
    NpgsqlDataSource dataSource, IOptions<DispatchOptions> options, TimeProvider time, ILogger<HangfireRateShare> logger) : IRateShare, IDisposable
{
    /// <summary>Three missed heartbeats and a server no longer counts (Hangfire itself removes it only after 5 minutes).</summary>
    public static readonly TimeSpan Liveness = TimeSpan.FromSeconds(90);

    /// <summary>How long a count is used before it is read again.</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _refresh = new(1, 1);
    private (double Share, DateTimeOffset At)? _cached;

    public void Dispose() => _refresh.Dispose();

    public async ValueTask<double> LocalShareAsync(CancellationToken cancellationToken)
    {
        if (_cached is { } cached && time.GetUtcNow() - cached.At < CacheFor)
        {
            return cached.Share;
        }

        await _refresh.WaitAsync(cancellationToken);
        try
        {
            if (_cached is { } fresh && time.GetUtcNow() - fresh.At < CacheFor)
            {
                return fresh.Share;
            }

            double share;
            try
            {
                await using var command = dataSource.CreateCommand($"SELECT count(*) FROM {HangfireSchema.Name}.server WHERE lastheartbeat > now() - $1");
                // Hangfire stamps heartbeats with PostgreSQL's clock: compared with the same clock.
                command.Parameters.Add(new() { Value = Liveness });
                var live = Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
                // This process counts even before its own first heartbeat.
                share = 1.0 / Math.Max(1, live);
                LogShare(logger, Math.Max(1, live), share);
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                share = options.Value.LocalRateShare;
                LogUnknown(logger, ex.GetType().Name, share);
            }

            _cached = (share, time.GetUtcNow());
            return share;
        }
        finally
        {
            _refresh.Release();
        }
    }

    [LoggerMessage(1, LogLevel.Debug, "{Workers} live workers: this one takes {Share:P0} of each sender's rate while Redis is unreachable")]
    private static partial void LogShare(ILogger logger, int workers, double share);

    [LoggerMessage(2, LogLevel.Warning, "Live workers unknown ({Error}): this one takes {Share:P0} of each sender's rate while Redis is unreachable")]
    private static partial void LogUnknown(ILogger logger, string error, double share);
}
