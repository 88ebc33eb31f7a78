using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Notifications.Core.Hosting;

/// <summary>
/// Group commit: callers submit one item each and wait until it is committed; the items that arrive
/// while one transaction runs are applied together in the next. Under load that turns many small
/// transactions into a few large ones; when idle an item is applied at once (or after a short
/// <see cref="Linger"/>, for committers whose callers can wait a few milliseconds). A caller is answered
/// only after the commit, so nothing it was told succeeded can be lost. If a group fails, its items
/// are applied one by one, so one bad item fails only its own caller; unless PostgreSQL or Redis is
/// unavailable (<see cref="DependencyFailures.IsOutage"/>): then every item would fail the same way, so the
/// whole group fails at once and the loop goes on with the next. The linger is timed by the
/// <see cref="TimeProvider"/> given (the system clock in the services, a fake one in tests).
/// </summary>
public abstract class GroupCommit<TItem, TResult>(ILogger logger, TimeProvider timeProvider) : BackgroundService
{
    private readonly Channel<Pending> _pending = Channel.CreateBounded<Pending>(new BoundedChannelOptions(20_000)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });

    /// <summary>The clock that times the linger; committers read the time of day from it too.</summary>
    protected TimeProvider Time { get; } = timeProvider;

    /// <summary>The most weight (see <see cref="Weight"/>) applied in one transaction; a heavier item goes alone.</summary>
    protected abstract int MaxGroupWeight { get; }

    public async Task<TResult> SubmitAsync(TItem item, CancellationToken cancellationToken)
    {
        var pending = new Pending(item, new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously));
        await _pending.Writer.WriteAsync(pending, cancellationToken);
        return await pending.Result.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Applies <paramref name="items"/> in one transaction; one result per item, in order.</summary>
    protected abstract Task<IReadOnlyList<TResult>> ApplyAsync(IReadOnlyList<TItem> items, CancellationToken cancellationToken);

    /// <summary>
    /// How long a light group (under <see cref="LingerUntilWeight"/>) waits for more items to join it.
    /// Zero (the default) applies it at once. Under load no group waits: while one is applied, the
    /// next gathers on its own.
    /// </summary>
    protected virtual TimeSpan Linger => TimeSpan.Zero;

    /// <summary>The weight at which a group stops lingering; by default <see cref="MaxGroupWeight"/>.</summary>
    protected virtual int LingerUntilWeight => MaxGroupWeight;

    /// <summary>How much of a group an item takes (for example the messages in a request). The default is 1.</summary>
    protected virtual int Weight(TItem item) => 1;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var group = new List<Pending>();
        Pending? carried = null;
        while (carried is not null || await _pending.Reader.WaitToReadAsync(stoppingToken))
        {
            var weight = 0;
            if (carried is not null)
            {
                group.Add(carried);
                weight = Weight(carried.Item);
                carried = null;
            }

            carried = Drain(group, ref weight);
            if (carried is null && weight < LingerUntilWeight && Linger > TimeSpan.Zero)
            {
                (carried, weight) = await LingerAsync(group, weight, stoppingToken);
            }

            await ApplyGroupAsync(group, stoppingToken);
            group.Clear();
        }
    }

    /// <summary>Moves waiting items into the group up to its weight; returns the item that did not fit, if any.</summary>
    private Pending? Drain(List<Pending> group, ref int weight)
    {
        while (weight < MaxGroupWeight && _pending.Reader.TryRead(out var next))
        {
            var itemWeight = Weight(next.Item);
            if (group.Count > 0 && weight + itemWeight > MaxGroupWeight)
            {
                return next;
            }

            group.Add(next);
            weight += itemWeight;
        }

        return null;
    }

    /// <summary>Lets more items join a light group, until it weighs <see cref="LingerUntilWeight"/> or <see cref="Linger"/> has passed.</summary>
    private async Task<(Pending? Carried, int Weight)> LingerAsync(List<Pending> group, int weight, CancellationToken stoppingToken)
    {
        // The wait for more items is cancelled when the linger is over, not abandoned (the channel has
        // one reader): a source timed by the TimeProvider, linked to the host's token.
        using var lingerOver = new CancellationTokenSource(Linger, Time);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lingerOver.Token);
        try
        {
            while (weight < LingerUntilWeight && await _pending.Reader.WaitToReadAsync(timeout.Token))
            {
                if (Drain(group, ref weight) is { } carried)
                {
                    return (carried, weight);
                }
            }
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            // The linger is over: apply what has gathered.
        }

        return (null, weight);
    }

    private async Task ApplyGroupAsync(List<Pending> group, CancellationToken cancellationToken)
    {
        try
        {
            var results = await ApplyAsync(group.ConvertAll(p => p.Item), cancellationToken);
            for (var i = 0; i < group.Count; i++)
            {
                group[i].Result.TrySetResult(results[i]);
            }
        }
        catch (Exception ex) when (group.Count > 1 && ex is not OperationCanceledException && !DependencyFailures.IsOutage(ex))
        {
            GroupCommitLog.GroupFailed(logger, GetType().Name, group.Count, ex);
            foreach (var pending in group)
            {
                await ApplyGroupAsync([pending], cancellationToken);
            }
        }
        catch (Exception ex)
        {
            foreach (var pending in group)
            {
                pending.Result.TrySetException(ex);
            }
        }
    }

    private sealed record Pending(TItem Item, TaskCompletionSource<TResult> Result);
}

internal static partial class GroupCommitLog
{
    [LoggerMessage(1, LogLevel.Warning, "{Committer}: applying {Count} items together failed; applying them one by one")]
    public static partial void GroupFailed(ILogger logger, string committer, int count, Exception exception);
}
