using System.Threading.Channels;
using Notifications.Core.Messages;

namespace Notifications.Api.Webhooks;

/// <summary>
/// Group commit for status callbacks: each webhook request waits here until its callback is
/// committed, and the callbacks that arrive while one transaction runs are applied together in the
/// next. Twilio is answered only after the commit, so an answered callback is never lost; a
/// callback that could not be applied is answered with an error and Twilio retries it.
/// </summary>
public sealed partial class StatusCallbackBatcher(IServiceScopeFactory scopes, ILogger<StatusCallbackBatcher> logger) : BackgroundService
{
    /// <summary>Callbacks applied in one transaction at most.</summary>
    public const int MaxBatch = 500;

    private readonly Channel<Pending> _pending = Channel.CreateBounded<Pending>(new BoundedChannelOptions(20_000)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    /// <summary>Completes once the callback is committed (or known to be a duplicate or unknown).</summary>
    public async Task<CallbackOutcome> ApplyAsync(StatusCallback callback, CancellationToken cancellationToken)
    {
        var pending = new Pending(callback, new TaskCompletionSource<CallbackOutcome>(TaskCreationOptions.RunContinuationsAsynchronously));
        await _pending.Writer.WriteAsync(pending, cancellationToken);
        return await pending.Outcome.Task.WaitAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Pending>(MaxBatch);
        while (await _pending.Reader.WaitToReadAsync(stoppingToken))
        {
            while (batch.Count < MaxBatch && _pending.Reader.TryRead(out var next))
            {
                batch.Add(next);
            }

            await ApplyBatchAsync(batch, stoppingToken);
            batch.Clear();
        }
    }

    private async Task ApplyBatchAsync(List<Pending> batch, CancellationToken cancellationToken)
    {
        try
        {
            var results = await ApplyAsync(batch.ConvertAll(p => p.Callback), cancellationToken);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Outcome.TrySetResult(results.Outcomes[i]);
            }
        }
        catch (Exception ex) when (batch.Count > 1 && ex is not OperationCanceledException)
        {
            // One bad callback must not fail the others: apply them one by one.
            LogBatchFailed(logger, batch.Count, ex);
            foreach (var pending in batch)
            {
                await ApplyBatchAsync([pending], cancellationToken);
            }
        }
        catch (Exception ex)
        {
            foreach (var pending in batch)
            {
                pending.Outcome.TrySetException(ex);
            }
        }
    }

    private async Task<StatusCallbackResults> ApplyAsync(IReadOnlyList<StatusCallback> callbacks, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<StatusCallbackProcessor>().ApplyAsync(callbacks, cancellationToken);
    }

    private sealed record Pending(StatusCallback Callback, TaskCompletionSource<CallbackOutcome> Outcome);

    [LoggerMessage(1, LogLevel.Warning, "Applying {Count} status callbacks together failed; applying them one by one")]
    private static partial void LogBatchFailed(ILogger logger, int count, Exception exception);
}
