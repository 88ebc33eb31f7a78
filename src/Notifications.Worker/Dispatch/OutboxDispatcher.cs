using Hangfire;
using Microsoft.Extensions.Options;
using Notifications.Core.Messages;
using Npgsql;

namespace Notifications.Worker.Dispatch;

/// <summary>
/// Wakes on NOTIFY (polling as the safety net), claims due messages in batches and hands each
/// batch to Hangfire as one job; starts requested fallbacks; and, on one worker at a time, runs
/// the recovery sweep.
/// </summary>
public sealed partial class OutboxDispatcher(
    NpgsqlDataSource dataSource,
    DispatchStore store,
    DispatchRecovery recovery,
    IBackgroundJobClient jobs,
    IOptions<DispatchOptions> options,
    TimeProvider time,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var nextRecovery = time.GetUtcNow();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var listener = await dataSource.OpenConnectionAsync(stoppingToken);
                await using (var listen = new NpgsqlCommand($"LISTEN {OutboxChannels.Messages}; LISTEN {OutboxChannels.Fallbacks};", listener))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                while (!stoppingToken.IsCancellationRequested)
                {
                    await DispatchDueAsync(settings, stoppingToken);
                    await recovery.StartRequestedFallbacksAsync(stoppingToken);
                    if (time.GetUtcNow() >= nextRecovery)
                    {
                        await recovery.RunAsync(stoppingToken);
                        nextRecovery = time.GetUtcNow() + settings.RecoveryInterval;
                    }

                    if (await listener.WaitAsync(settings.PollInterval, stoppingToken))
                    {
                        // Woken by an accept: let the messages accepted meanwhile join the same batch
                        // rather than starting one Hangfire job per request.
                        await Task.Delay(settings.BatchLinger, time, stoppingToken);
                    }
                }
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException && !stoppingToken.IsCancellationRequested)
            {
                LogDispatcherError(logger, ex);
                await Task.Delay(TimeSpan.FromSeconds(2), time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task DispatchDueAsync(DispatchOptions settings, CancellationToken cancellationToken)
    {
        int claimed;
        do
        {
            var batchId = Guid.CreateVersion7();
            claimed = await store.ClaimAsync(batchId, settings.BatchSize, cancellationToken);
            if (claimed > 0)
            {
                // A crash right here leaves the claim without a job: the recovery sweep releases it.
                jobs.Enqueue<SendBatchJob>(job => job.SendAsync(batchId, CancellationToken.None));
                LogClaimed(logger, batchId, claimed);
            }
        }
        while (claimed == settings.BatchSize && !cancellationToken.IsCancellationRequested);
    }

    [LoggerMessage(1, LogLevel.Information, "Claimed batch {BatchId} of {Count} messages")]
    private static partial void LogClaimed(ILogger logger, Guid batchId, int count);

    [LoggerMessage(2, LogLevel.Error, "Outbox dispatcher lost its database connection; retrying")]
    private static partial void LogDispatcherError(ILogger logger, Exception exception);
}
