using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Notifications.Core.Sms;
using StackExchange.Redis;

namespace Notifications.UnitTests;

/// <summary>The local token bucket the rate limiter falls back to, on a fake clock.</summary>
public sealed class SenderRateLimiterTests
{
    [Fact]
    public void Reserve_WithinTheBurst_NeedsNoWait()
    {
        var bucket = new LocalTokenBucket(messagesPerSecond: 20, burst: 20, new FakeTimeProvider());

        Assert.Equal(TimeSpan.Zero, bucket.Reserve(10));
        Assert.Equal(TimeSpan.Zero, bucket.Reserve(10));
    }

    [Fact]
    public void Reserve_BeyondTheBurst_WaitsUntilTheDebtIsRepaid()
    {
        var time = new FakeTimeProvider();
        var bucket = new LocalTokenBucket(messagesPerSecond: 20, burst: 20, time);
        bucket.Reserve(20);

        Assert.Equal(TimeSpan.FromMilliseconds(500), bucket.Reserve(10));
        // Later callers queue behind the debt.
        Assert.Equal(TimeSpan.FromSeconds(1), bucket.Reserve(10));
    }

    [Fact]
    public void Reserve_AfterTimePasses_FindsTheBucketRefilledAtItsRate()
    {
        var time = new FakeTimeProvider();
        var bucket = new LocalTokenBucket(messagesPerSecond: 20, burst: 20, time);
        bucket.Reserve(20);

        time.Advance(TimeSpan.FromMilliseconds(250));
        Assert.Equal(TimeSpan.Zero, bucket.Reserve(5));
        Assert.Equal(TimeSpan.FromMilliseconds(50), bucket.Reserve(1));
    }

    [Fact]
    public void Reserve_AfterALongPause_HoldsNoMoreThanTheBurst()
    {
        var time = new FakeTimeProvider();
        var bucket = new LocalTokenBucket(messagesPerSecond: 20, burst: 20, time);

        time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(TimeSpan.FromMilliseconds(500), bucket.Reserve(30));
    }

    [Fact]
    public async Task WaitAsync_WhileRedisIsDown_WaitsOnTheTimeProvider()
    {
        var time = new ObservableTimeProvider();
        // Nothing listens on port 1 and nothing is queued for a reconnect: every script call fails at
        // once and the local bucket decides.
        var options = ConfigurationOptions.Parse("127.0.0.1:1");
        options.AbortOnConnectFail = false;
        options.ConnectTimeout = 200;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        await using var redis = await ConnectionMultiplexer.ConnectAsync(options);
        var limiter = new SenderRateLimiter(redis, time, NullLogger<SenderRateLimiter>.Instance);

        await limiter.WaitAsync("+15550001111", 20, 20, CancellationToken.None).WaitAsync(ObservableTimeProvider.Patience);
        var third = limiter.WaitAsync("+15550001111", 20, 10, CancellationToken.None);
        await time.WaitForTimerAsync();

        time.Advance(TimeSpan.FromMilliseconds(499));
        Assert.False(third.IsCompleted, "the wait ended before the debt was repaid");
        time.Advance(TimeSpan.FromMilliseconds(1));
        await third.WaitAsync(ObservableTimeProvider.Patience);
    }
}
