namespace Notifications.Worker.Dispatch;

/// <summary>
/// A running batch job's hold on its messages: every <c>Dispatch:ClaimTimeout</c>/3 it renews the claim
/// of the batch's messages without a known outcome, in one statement, so that the recovery sweep (which
/// releases claims older than the timeout and looks up unanswered hand-overs only once their claim is
/// stale) never acts on messages a live job is still working on. When a renewal finds none of them
/// left, the claim is <see cref="Lost"/> and the job stops handing over.
/// </summary>
public sealed partial class BatchClaim : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _renewals;
    private volatile bool _lost;

    private BatchClaim(DispatchStore store, Guid batchId, TimeSpan interval, TimeProvider time, ILogger logger)
    {
        _renewals = RenewAsync(store, batchId, interval, time, logger, _stop.Token);
    }

    /// <summary>True once a renewal found none of the batch's unfinished messages still claimed by it.</summary>
    public bool Lost => _lost;

    public static BatchClaim Start(DispatchStore store, Guid batchId, TimeSpan interval, TimeProvider time, ILogger logger) =>
        new(store, batchId, interval, time, logger);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _renewals;
        _stop.Dispose();
    }

    private async Task RenewAsync(DispatchStore store, Guid batchId, TimeSpan interval, TimeProvider time, ILogger logger, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                try
                {
                    if (await store.RenewClaimAsync(batchId, stop) == 0)
                    {
                        _lost = true;
                        return;
                    }
                }
                catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException)
                {
                    LogRenewalFailed(logger, batchId, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "Renewing the claim of batch {BatchId} failed; trying again at the next tick")]
    private static partial void LogRenewalFailed(ILogger logger, Guid batchId, Exception exception);
}
