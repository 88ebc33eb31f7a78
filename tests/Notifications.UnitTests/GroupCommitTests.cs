using Microsoft.Extensions.Logging.Abstractions;
using Notifications.Core.Hosting;

namespace Notifications.UnitTests;

public sealed class GroupCommitTests
{
    [Fact]
    public async Task Items_submitted_while_a_group_is_applied_share_the_next_group()
    {
        using var committer = new RecordingCommitter(maxWeight: 100);
        await committer.StartAsync(CancellationToken.None);
        committer.Hold();
        var first = committer.SubmitAsync(1, CancellationToken.None);
        await committer.WaitUntilApplyingAsync();
        var waiting = Enumerable.Range(2, 5).Select(i => committer.SubmitAsync(i, CancellationToken.None)).ToArray();
        committer.Release();

        Assert.Equal(10, await first);
        var results = await Task.WhenAll(waiting);
        Assert.Equal(new[] { 20, 30, 40, 50, 60 }, results);
        Assert.Equal([[1], [2, 3, 4, 5, 6]], committer.Groups);
        await committer.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_group_never_exceeds_its_weight_but_a_heavy_item_still_goes_alone()
    {
        using var committer = new RecordingCommitter(maxWeight: 10);
        await committer.StartAsync(CancellationToken.None);
        committer.Hold();
        var first = committer.SubmitAsync(1, CancellationToken.None);
        await committer.WaitUntilApplyingAsync();
        var rest = new[] { 4, 5, 3, 12, 2 }.Select(i => committer.SubmitAsync(i, CancellationToken.None)).ToArray();
        committer.Release();
        await first;
        await Task.WhenAll(rest);

        Assert.Equal([[1], [4, 5], [3], [12], [2]], committer.Groups);
        await committer.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task When_a_group_fails_its_items_are_retried_alone_and_only_the_bad_one_fails()
    {
        using var committer = new RecordingCommitter(maxWeight: 100) { Poison = 3 };
        await committer.StartAsync(CancellationToken.None);
        committer.Hold();
        var first = committer.SubmitAsync(1, CancellationToken.None);
        await committer.WaitUntilApplyingAsync();
        var good = committer.SubmitAsync(2, CancellationToken.None);
        var bad = committer.SubmitAsync(3, CancellationToken.None);
        var alsoGood = committer.SubmitAsync(4, CancellationToken.None);
        committer.Release();

        Assert.Equal(10, await first);
        Assert.Equal(20, await good);
        Assert.Equal(40, await alsoGood);
        await Assert.ThrowsAsync<InvalidOperationException>(() => bad);
        Assert.Equal([[1], [2], [4]], committer.Groups);
        await committer.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task With_a_linger_an_item_waits_for_the_next_to_share_its_group()
    {
        var time = new ObservableTimeProvider();
        using var committer = new RecordingCommitter(maxWeight: 100, time) { LingerFor = TimeSpan.FromSeconds(1) };
        await committer.StartAsync(CancellationToken.None);
        var first = committer.SubmitAsync(1, CancellationToken.None);
        await time.WaitForTimerAsync();
        time.Advance(TimeSpan.FromMilliseconds(999));
        var second = committer.SubmitAsync(2, CancellationToken.None);
        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal((10, 20), (await first.WaitAsync(ObservableTimeProvider.Patience), await second.WaitAsync(ObservableTimeProvider.Patience)));
        Assert.Equal([[1, 2]], committer.Groups);
        await committer.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task With_a_linger_a_lone_item_goes_alone_once_the_linger_has_passed()
    {
        var time = new ObservableTimeProvider();
        using var committer = new RecordingCommitter(maxWeight: 100, time) { LingerFor = TimeSpan.FromMinutes(5) };
        await committer.StartAsync(CancellationToken.None);
        var first = committer.SubmitAsync(1, CancellationToken.None);
        await time.WaitForTimerAsync();
        time.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(10, await first.WaitAsync(ObservableTimeProvider.Patience));
        var second = committer.SubmitAsync(2, CancellationToken.None);
        await time.WaitForTimerAsync();
        time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(20, await second.WaitAsync(ObservableTimeProvider.Patience));
        Assert.Equal([[1], [2]], committer.Groups);
        await committer.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_group_that_reaches_its_linger_weight_goes_without_waiting_out_the_linger()
    {
        var time = new ObservableTimeProvider();
        using var committer = new RecordingCommitter(maxWeight: 100, time) { LingerFor = TimeSpan.FromMinutes(5), LingerWeight = 3 };
        await committer.StartAsync(CancellationToken.None);
        var results = new[] { 1, 2 }.Select(i => committer.SubmitAsync(i, CancellationToken.None)).ToArray();

        // The fake clock never moves: only the weight can end this linger.
        var applied = await Task.WhenAll(results).WaitAsync(ObservableTimeProvider.Patience);
        Assert.Equal(new[] { 10, 20 }, applied);
        Assert.Equal([[1, 2]], committer.Groups);
        await committer.StopAsync(CancellationToken.None);
    }

    /// <summary>Multiplies by ten; an item's weight is its value; can hold the first group until released.</summary>
    private sealed class RecordingCommitter(int maxWeight, TimeProvider? time = null)
        : GroupCommit<int, int>(NullLogger.Instance, time ?? TimeProvider.System), IDisposable
    {
        private readonly SemaphoreSlim _gate = new(1, 1);
        private readonly TaskCompletionSource _applying = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int? Poison { get; init; }

        public TimeSpan LingerFor { get; init; }

        public int? LingerWeight { get; init; }

        /// <summary>Successfully applied groups, in order.</summary>
        public List<int[]> Groups { get; } = [];

        protected override int MaxGroupWeight => maxWeight;

        protected override TimeSpan Linger => LingerFor;

        protected override int LingerUntilWeight => LingerWeight ?? base.LingerUntilWeight;

        public void Hold() => _gate.Wait();

        public void Release() => _gate.Release();

        public Task WaitUntilApplyingAsync() => _applying.Task;

        public override void Dispose()
        {
            _gate.Dispose();
            base.Dispose();
        }

        protected override int Weight(int item) => item;

        protected override async Task<IReadOnlyList<int>> ApplyAsync(IReadOnlyList<int> items, CancellationToken cancellationToken)
        {
            _applying.TrySetResult();
            await _gate.WaitAsync(cancellationToken);
            _gate.Release();
            if (Poison is { } poison && items.Contains(poison))
            {
                throw new InvalidOperationException("poisoned group");
            }

            Groups.Add([.. items]);
            return items.Select(i => i * 10).ToList();
        }
    }
}
