using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Notifications.Core.Sms;
using Notifications.IntegrationTests.Infrastructure;
using StackExchange.Redis;

namespace Notifications.IntegrationTests.Dispatch;

/// <summary>The per-sender rate limit against real Redis, shared by two worker replicas.</summary>
[Collection(ServicesDefinition.Name)]
public sealed class SenderRateLimiterTests(ServicesFixture services)
{
    [Fact]
    public async Task TwoReplicas_ShareOneSendersRate()
    {
        var sender = $"+1555{Random.Shared.Next(1_000_000, 9_999_999)}";
        await using var redisA = await ConnectionMultiplexer.ConnectAsync(services.CacheConnectionString);
        await using var redisB = await ConnectionMultiplexer.ConnectAsync(services.CacheConnectionString);
        var replicaA = new SenderRateLimiter(redisA, TimeProvider.System, NullLogger<SenderRateLimiter>.Instance);
        var replicaB = new SenderRateLimiter(redisB, TimeProvider.System, NullLogger<SenderRateLimiter>.Instance);

        // 80 messages at 20/s with a burst of 20: at least 3 s whoever sends them. Had each replica
        // its own bucket, the two would be done in 1 s.
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(
            ReserveAsync(replicaA, sender, groups: 4, size: 10),
            ReserveAsync(replicaB, sender, groups: 4, size: 10));

        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(2.7), $"80 messages at 20/s took only {clock.Elapsed.TotalSeconds:N2} s");
    }

    [Fact]
    public async Task WhileRedisIsDown_EachReplicaFallsBackToALocalBucketWithTheSameRate()
    {
        var sender = $"+1555{Random.Shared.Next(1_000_000, 9_999_999)}";
        await using var redis = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:1,abortConnect=false,connectTimeout=200");
        var limiter = new SenderRateLimiter(redis, TimeProvider.System, NullLogger<SenderRateLimiter>.Instance);

        var clock = Stopwatch.StartNew();
        await ReserveAsync(limiter, sender, groups: 4, size: 10);

        // 40 at 20/s with a burst of 20: at least 1 s.
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9), $"40 messages at 20/s took only {clock.Elapsed.TotalSeconds:N2} s");
    }

    private static async Task ReserveAsync(SenderRateLimiter limiter, string sender, int groups, int size)
    {
        for (var i = 0; i < groups; i++)
        {
            await limiter.WaitAsync(sender, 20, size, CancellationToken.None);
        }
    }
}
