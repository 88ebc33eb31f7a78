using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Notifications.Core.Sms;

/// <summary>
/// Per-sender messages-per-second limit shared by every worker replica: a token bucket in Redis
/// (one script call per message). While Redis is unreachable each worker falls back to a local
/// bucket with the same rate.
/// </summary>
public sealed partial class SenderRateLimiter(IConnectionMultiplexer redis, ILogger<SenderRateLimiter> logger) : IDisposable
{
    private const string Script = """
        local rate = tonumber(ARGV[1])
        local burst = tonumber(ARGV[2])
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
        local tokens = tonumber(state[1]) or burst
        local ts = tonumber(state[2]) or now
        tokens = math.min(burst, tokens + (now - ts) * rate / 1000)
        local wait = 0
        if tokens >= 1 then
          tokens = tokens - 1
        else
          wait = math.ceil((1 - tokens) * 1000 / rate)
        end
        redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
        redis.call('PEXPIRE', KEYS[1], 60000)
        return wait
        """;

    private readonly ConcurrentDictionary<string, TokenBucketRateLimiter> _local = new(StringComparer.Ordinal);

    /// <summary>Waits until <paramref name="sender"/> may send one more message.</summary>
    public async Task WaitAsync(string sender, double messagesPerSecond, CancellationToken cancellationToken)
    {
        var burst = Math.Max(1, Math.Ceiling(messagesPerSecond));
        while (true)
        {
            long waitMs;
            try
            {
                var result = await redis.GetDatabase().ScriptEvaluateAsync(Script, [(RedisKey)$"rate:{sender}"],
                    [messagesPerSecond, burst]);
                waitMs = (long)result;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                LogLocalFallback(logger, ex.GetType().Name);
                await WaitLocallyAsync(sender, messagesPerSecond, (int)burst, cancellationToken);
                return;
            }

            if (waitMs <= 0)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(waitMs), cancellationToken);
        }
    }

    private async Task WaitLocallyAsync(string sender, double messagesPerSecond, int burst, CancellationToken cancellationToken)
    {
        var limiter = _local.GetOrAdd(sender, _ => new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = burst,
            ReplenishmentPeriod = TimeSpan.FromSeconds(burst / messagesPerSecond),
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        }));
        using var lease = await limiter.AcquireAsync(1, cancellationToken);
    }

    public void Dispose()
    {
        foreach (var limiter in _local.Values)
        {
            limiter.Dispose();
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "Sender rate limit falls back to a local bucket: Redis unavailable ({Error})")]
    private static partial void LogLocalFallback(ILogger logger, string error);
}
