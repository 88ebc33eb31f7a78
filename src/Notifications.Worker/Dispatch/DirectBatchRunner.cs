using Hangfire;
using Microsoft.Extensions.Options;
using Notifications.Core.Hosting;

namespace Notifications.Worker.Dispatch;

/// <summary>
/// Sends small claimed batches in the dispatcher's own process, at once, instead of through a Hangfire job: a
/// message that arrives alone waits for no job fetch. A direct batch is claimed in PostgreSQL before it starts, exactly
/// as a job's batch, and runs <see cref="SendBatchJob.SendAsync"/> itself, so its claim is renewed while it works, a
/// STOP committed before its create calls stops it, and nothing is handed to Twilio twice. If it fails, or the worker
/// stops while it runs, the batch is enqueued as a Hangfire job (once PostgreSQL, Hangfire's storage, answers again), which
/// re-runs it as Hangfire would re-run its own job (hand-overs without an answer are looked up, never resent); if the
/// worker crashes, the recovery sweep releases its claim after <c>Dispatch:ClaimTimeout</c>, as for a job that never ran.
/// </summary>
public sealed partial class DirectBatchRunner(
    IServiceScopeFactory scopes,
    IBackgroundJobClient jobs,
    IOptions<DispatchOptions> options,
    TimeProvider time,
    ILogger<DirectBatchRunner> logger)
{
    private readonly Lock _gate = new();
    private readonly HashSet<Task> _running = [];

    /// <summary>
    /// Completed once the direct batch started last stops sending: it ended, or it failed (and is being handed to Hangfire,
    /// which may wait out an outage). Direct batches run one at a time, so this alone says whether one is sending.
    /// </summary>
    private TaskCompletionSource _sending = Finished();

    /// <summary>
    /// Starts the claimed batch <paramref name="batchId"/> of <paramref name="count"/> messages in this process, unless it is
    /// larger than <see cref="DispatchOptions.DirectBatchSize"/> or another direct batch still runs: then messages arrive
    /// faster than direct batches take them, and larger batches (a linger, a Hangfire job each) cost less per message.
    /// </summary>
    /// <returns>False when the batch was not started: the caller hands it to Hangfire.</returns>
    public bool TryStart(Guid batchId, int count, CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (count > settings.DirectBatchSize)
        {
            return false;
        }

        lock (_gate)
        {
            if (!_sending.Task.IsCompleted)
            {
                return false;
            }

            var sending = _sending = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var run = Task.Run(() => RunAsync(batchId, sending, stoppingToken), CancellationToken.None);
            _running.Add(run);
            _ = run.ContinueWith(Forget, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }

        return true;
    }

    /// <summary>Waits for the direct batches running now (each ends, or hands its batch to Hangfire, once stopped).</summary>
    public Task DrainAsync()
    {
        lock (_gate)
        {
            return Task.WhenAll([.. _running]);
        }
    }

    /// <summary>
    /// Waits until no direct batch is sending, at most <paramref name="timeout"/>: the dispatcher claims what arrived
    /// meanwhile as the next batch, sent directly too, instead of handing a batch to Hangfire because this one still runs.
    /// </summary>
    /// <returns>True when no direct batch is sending (any more); false when one still was after <paramref name="timeout"/>.</returns>
    public async Task<bool> WaitUntilIdleAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        Task idle;
        lock (_gate)
        {
            idle = _sending.Task;
        }

        if (!idle.IsCompleted)
        {
            await idle.WaitAsync(timeout, time, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            cancellationToken.ThrowIfCancellationRequested();
        }

        return idle.IsCompleted;
    }

    private void Forget(Task run)
    {
        lock (_gate)
        {
            _running.Remove(run);
        }
    }

    private async Task RunAsync(Guid batchId, TaskCompletionSource sending, CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<SendBatchJob>().SendAsync(batchId, stoppingToken);
        }
        catch (Exception ex)
        {
            // The same batch as a job: re-running it is safe, and Hangfire retries it with the job's own policy. The
            // batch is no longer sending: the next direct batch need not wait for the enqueue's back-off (a shutdown's
            // drain still does).
            sending.TrySetResult();
            LogHandedToHangfire(logger, batchId, ex);
            await EnqueueAsync(batchId, stoppingToken);
            return;
        }

        sending.TrySetResult();
    }

    private static TaskCompletionSource Finished()
    {
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        finished.SetResult();
        return finished;
    }

    /// <summary>
    /// Enqueues the failed batch as a job. Hangfire's storage is this PostgreSQL, so when the batch failed because
    /// PostgreSQL was away the first enqueue usually fails too: it is tried again with the dispatcher's back-off
    /// (<see cref="OutageTracker"/>) until PostgreSQL is back, so that the batch re-runs seconds after the outage rather than
    /// when the recovery sweep finds its claim stale. Once <see cref="DispatchOptions.ClaimTimeout"/> has passed the
    /// sweep owns the claim, and a worker that is stopping tries once: then the batch is left to the sweep.
    /// </summary>
    private async Task EnqueueAsync(Guid batchId, CancellationToken stoppingToken)
    {
        var outage = new OutageTracker(logger, nameof(DirectBatchRunner));
        var failedAt = time.GetUtcNow();
        while (true)
        {
            try
            {
                jobs.Enqueue<SendBatchJob>(job => job.SendAsync(batchId, CancellationToken.None));
                outage.Succeeded();
                return;
            }
            catch (Exception ex)
            {
                if (stoppingToken.IsCancellationRequested || time.GetUtcNow() - failedAt >= options.Value.ClaimTimeout
                    || !await outage.FailedAndWaitAsync(ex, time, stoppingToken))
                {
                    LogLeftToRecovery(logger, batchId, ex);
                    return;
                }
            }
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "Direct batch {BatchId} stopped before it finished; handing it to Hangfire")]
    private static partial void LogHandedToHangfire(ILogger logger, Guid batchId, Exception exception);

    [LoggerMessage(2, LogLevel.Error, "Direct batch {BatchId} could not be handed to Hangfire either; the recovery sweep takes over its claim")]
    private static partial void LogLeftToRecovery(ILogger logger, Guid batchId, Exception exception);
}
