using Hangfire;
using Microsoft.Extensions.Options;
using Notifications.Core.Hosting;
using Notifications.Core.Messages;
using Npgsql;

namespace Notifications.Worker.Dispatch;

/// <summary>
/// Wakes on NOTIFY, at the next scheduled message's due time, or by polling as the safety net; claims due messages in batches and
/// sends each small one in its own process at once (<see cref="DirectBatchRunner"/>) or hands it to Hangfire as one job; starts
/// requested fallbacks; and, on one worker at a time, runs the recovery sweep. It lingers after a notification
/// (<see cref="DispatchOptions.BatchLinger"/>) only while messages arrive faster than direct batches take them: a message
/// accepted alone is claimed and handed to Twilio without waiting for a linger or a job fetch, and one accepted while a
/// direct batch runs is claimed when that batch ends (at most a linger later), as the next direct batch. No failure stops it: while PostgreSQL (Hangfire's storage included) is away,
/// it logs once, backs off and starts over (<see cref="OutageTracker"/>); what it claimed without
/// enqueueing a job goes back to the outbox through the recovery sweep.
/// </summary>
public sealed partial class OutboxDispatcher(
    NpgsqlDataSource dataSource,
    DispatchStore store,
    DispatchRecovery recovery,
    ScheduleStore schedule,
    DirectBatchRunner direct,
    IBackgroundJobClient jobs,
    IOptions<DispatchOptions> options,
    TimeProvider time,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    /// <summary>The shortest wait: a due message another worker is claiming right now must not make this one spin.</summary>
    private static readonly TimeSpan MinimumWait = TimeSpan.FromMilliseconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var nextRecovery = time.GetUtcNow();
        var outage = new OutageTracker(logger, nameof(OutboxDispatcher));
        try
        {
            await DispatchAsync(settings, nextRecovery, outage, stoppingToken);
        }
        finally
        {
            // Each direct batch stops with the worker and hands its batch to Hangfire.
            await direct.DrainAsync();
        }
    }

    private async Task DispatchAsync(DispatchOptions settings, DateTimeOffset nextRecovery, OutageTracker outage, CancellationToken stoppingToken)
    {
        // Whether the next notification waits for more messages to join the batch: only after a round that was claimed
        // at once and still handed a batch to Hangfire (messages arrive faster than direct batches take them), and only
        // if the notification comes within a linger of that round. A round claimed after lingering never decides it:
        // what piled up during the linger says nothing of the arrival rate, and a steady rate that direct batches can
        // carry would otherwise keep lingering once a burst had started it. A notification after a quiet spell is a
        // message arriving alone, however busy the last round was.
        DateTimeOffset? burstSeenAt = null;
        var lingered = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var listener = await dataSource.OpenConnectionAsync(stoppingToken);
                var accepted = false;
                listener.Notification += (_, e) => accepted |= e.Channel == OutboxChannels.Messages;
                await using (var listen = new NpgsqlCommand($"LISTEN {OutboxChannels.Messages}; LISTEN {OutboxChannels.Fallbacks};", listener))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                while (!stoppingToken.IsCancellationRequested)
                {
                    burstSeenAt = await DispatchDueAsync(settings, stoppingToken) && !lingered ? time.GetUtcNow() : null;
                    lingered = false;
                    await recovery.StartRequestedFallbacksAsync(stoppingToken);
                    if (time.GetUtcNow() >= nextRecovery)
                    {
                        await recovery.RunAsync(stoppingToken);
                        nextRecovery = time.GetUtcNow() + settings.RecoveryInterval;
                    }

                    outage.Succeeded();

                    accepted = false;
                    var notified = await listener.WaitAsync(await UntilNextDueAsync(settings, stoppingToken), stoppingToken);
                    if (notified && !accepted)
                    {
                        continue; // a requested fallback only: started at once, whatever a direct batch is doing
                    }

                    if (notified && burstSeenAt is { } seen && time.GetUtcNow() - seen <= settings.BatchLinger)
                    {
                        // Woken by an accept while the outbox fills faster than direct batches empty it: let the messages
                        // accepted meanwhile join the same batch rather than starting one Hangfire job per request.
                        await Task.Delay(settings.BatchLinger, time, stoppingToken);
                        lingered = true;
                    }
                    else
                    {
                        // An accept, or a scheduled message falling due, while a direct batch still runs: what arrives until
                        // it ends is the next direct batch, so a steady rate that direct batches carry never reaches Hangfire
                        // or a linger. If it still runs after a linger, this round has waited as long as a linger: it claims
                        // what piled up (a Hangfire job if more than a direct batch) and starts no linger of its own.
                        lingered = !await direct.WaitUntilIdleAsync(settings.BatchLinger, stoppingToken);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Hangfire's BackgroundJobClientException (its storage is this PostgreSQL) included.
                if (!await outage.FailedAndWaitAsync(ex, time, stoppingToken))
                {
                    return;
                }
            }
        }
    }

    /// <summary>
    /// How long to wait for a notification: the poll interval, or less when a scheduled message falls due sooner, so
    /// that it is claimed on time (within a few milliseconds of its due time, not a poll interval later).
    /// </summary>
    private async Task<TimeSpan> UntilNextDueAsync(DispatchOptions settings, CancellationToken cancellationToken)
    {
        if (await schedule.NextDueAsync(cancellationToken) is not { } due)
        {
            return settings.PollInterval;
        }

        var wait = due - time.GetUtcNow() + TimeSpan.FromMilliseconds(1);
        return wait < settings.PollInterval ? (wait > MinimumWait ? wait : MinimumWait) : settings.PollInterval;
    }

    /// <summary>Claims every due message, batch by batch, each sent direct or through Hangfire.</summary>
    /// <returns>True when a batch went to Hangfire (the next notification lingers).</returns>
    private async Task<bool> DispatchDueAsync(DispatchOptions settings, CancellationToken cancellationToken)
    {
        var toHangfire = false;
        int claimed;
        do
        {
            var batchId = Guid.CreateVersion7();
            claimed = await store.ClaimAsync(batchId, settings.BatchSize, cancellationToken);
            if (claimed == 0)
            {
                break;
            }

            if (direct.TryStart(batchId, claimed, cancellationToken))
            {
                LogClaimedDirect(logger, batchId, claimed);
            }
            else
            {
                // A crash right here leaves the claim without a job: the recovery sweep releases it.
                jobs.Enqueue<SendBatchJob>(job => job.SendAsync(batchId, CancellationToken.None));
                LogClaimed(logger, batchId, claimed);
                toHangfire = true;
            }
        }
        while (claimed == settings.BatchSize && !cancellationToken.IsCancellationRequested);
        return toHangfire;
    }

    [LoggerMessage(1, LogLevel.Information, "Claimed batch {BatchId} of {Count} messages")]
    private static partial void LogClaimed(ILogger logger, Guid batchId, int count);

    [LoggerMessage(2, LogLevel.Information, "Claimed batch {BatchId} of {Count} messages, sending it directly")]
    private static partial void LogClaimedDirect(ILogger logger, Guid batchId, int count);
}
