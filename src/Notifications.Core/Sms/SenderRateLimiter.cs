using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Notifications.Core.Sms;

/// <summary>
/// Per-sender messages-per-second limit shared by every worker replica: a token bucket in Redis.
/// A caller reserves the tokens for several messages in one script call and waits until the bucket
/// would have held them, so the limit costs one round trip per group of messages, not per message.
/// While Redis is unreachable each worker falls back to a local bucket with the same rate and
/// arithmetic (<see cref="LocalTokenBucket"/>). Waits are timed by the <see cref="TimeProvider"/> given;
/// the shared bucket's own clock is Redis's <c>TIME</c>, the same for every replica.
/// </summary>
public sealed partial class SenderRateLimiter(IConnectionMultiplexer redis, TimeProvider timeProvider, ILogger<SenderRateLimiter> logger)
{
    // Tokens may go negative: a reservation larger than what is left is granted at once and the
    // caller waits for the debt to be repaid; later callers queue behind it.
    private const string Script = """
        local rate = tonumber(ARGV[1])
        local burst = tonumber(ARGV[2])
        local count = tonumber(ARGV[3])
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local state = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
        local tokens = tonumber(state[1]) or burst
        local ts = tonumber(state[2]) or now
        tokens = math.min(burst, tokens + (now - ts) * rate / 1000) - count
        local wait = 0
        if tokens < 0 then
          wait = math.ceil(-tokens * 1000 / rate)
        end
        redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
        redis.call('PEXPIRE', KEYS[1], 60000 + wait)
        return wait
        """;

    private readonly ConcurrentDictionary<string, LocalTokenBucket> _local = new(StringComparer.Ordinal);

    /// <summary>Waits until <paramref name="sender"/> may send <paramref name="count"/> more messages.</summary>
    public async Task WaitAsync(string sender, double messagesPerSecond, int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var burst = Math.Max(1, Math.Ceiling(messagesPerSecond));
        long waitMs;
        try
        {
            var result = await redis.GetDatabase().ScriptEvaluateAsync(Script, [(RedisKey)$"rate:{sender}"],
                [messagesPerSecond, burst, count]);
            waitMs = (long)result;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogLocalFallback(logger, ex.GetType().Name);
            var bucket = _local.GetOrAdd(sender, _ => new LocalTokenBucket(messagesPerSecond, burst, timeProvider));
            waitMs = (long)bucket.Reserve(count).TotalMilliseconds;
        }

        if (waitMs > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(waitMs), timeProvider, cancellationToken);
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "Sender rate limit falls back to a local bucket: Redis unavailable ({Error})")]
    private static partial void LogLocalFallback(ILogger logger, string error);
}
