using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Notifications.Core.Telemetry;
using StackExchange.Redis;

namespace Notifications.Core.Sms;

/// <summary>
/// Per-sender messages-per-second limit shared by every worker replica: a token bucket in Redis.
/// A caller reserves the tokens for several messages in one script call and waits until the bucket
/// would have held them, so the limit costs one round trip per group of messages, not per message.
/// <para>
/// The rate the bucket runs at is the configured one unless Twilio throttles the sender: callers report
/// what came of their creates (<see cref="ReportAsync"/>) and the sender's rate in Redis, next to its
/// bucket, goes down and up by <see cref="AimdRate"/>'s rules for every replica at once. Creates that
/// went through are reported only while the rate is below the configured one, so a sender Twilio does
/// not throttle costs no round trip more.
/// </para>
/// <para>
/// While Redis is unreachable each worker falls back to a local bucket with the same arithmetic
/// (<see cref="LocalTokenBucket"/>) and local AIMD state, at its share of the rate (<see cref="IRateShare"/>):
/// every worker at the full rate would multiply the sender's rate by the number of workers.
/// Waits are timed by the <see cref="TimeProvider"/> given; the shared bucket's own clock is Redis's
/// <c>TIME</c>, the same for every replica.
/// </para>
/// </summary>
public sealed partial class SenderRateLimiter : IDisposable
{
    // Tokens may go negative: a reservation larger than what is left is granted at once and the
    // caller waits for the debt to be repaid; later callers queue behind it. The bucket runs at the
    // configured rate, or at the sender's throttled rate (KEYS[2]) when that is lower.
    private const string WaitScript = """
        local rate = tonumber(ARGV[1])
        local count = tonumber(ARGV[2])
        local throttled = tonumber(redis.call('HGET', KEYS[2], 'rate'))
        if throttled and throttled < rate then
          rate = throttled
        end
        local burst = math.max(1, math.ceil(rate))
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
        return {wait, tostring(rate)}
        """;

    // AimdRate.Next, for every replica at once (the arguments are its constants).
    private const string ReportScript = """
        local configured = tonumber(ARGV[1])
        local throttled = tonumber(ARGV[2]) == 1
        local floor = tonumber(ARGV[3])
        local step = tonumber(ARGV[4])
        local spacing = tonumber(ARGV[5])
        local factor = tonumber(ARGV[6])
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local state = redis.call('HMGET', KEYS[1], 'rate', 'dec', 'inc')
        local rate = math.min(configured, tonumber(state[1]) or configured)
        local dec = tonumber(state[2]) or 0
        local inc = tonumber(state[3]) or 0
        if throttled then
          if now - dec >= spacing then
            rate = math.max(floor, rate * factor)
            dec = now
          end
        elseif rate < configured and now - math.max(dec, inc) >= spacing then
          rate = math.min(configured, rate + step)
          inc = now
        end
        redis.call('HSET', KEYS[1], 'rate', tostring(rate), 'dec', tostring(dec), 'inc', tostring(inc))
        redis.call('PEXPIRE', KEYS[1], 600000)
        return tostring(rate)
        """;

    private readonly IConnectionMultiplexer _redis;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<SenderRateLimiter> _logger;
    private readonly IRateShare? _share;
    private readonly Meter? _meter;
    private readonly ConcurrentDictionary<string, SenderState> _senders = new(StringComparer.Ordinal);

    public SenderRateLimiter(
        IConnectionMultiplexer redis, TimeProvider timeProvider, ILogger<SenderRateLimiter> logger, IRateShare? share = null, IMeterFactory? meterFactory = null)
    {
        _redis = redis;
        _timeProvider = timeProvider;
        _logger = logger;
        _share = share;
        _meter = meterFactory?.Create(NotificationsMetrics.MeterName);
        _meter?.CreateObservableGauge("notifications.sms.sender_rate", ObserveRates, "{message}/s",
            "Each sender's effective rate: the configured one, or lower while Twilio throttles it");
    }

    public void Dispose() => _meter?.Dispose();

    private int _redisUnavailable;

    /// <summary>Waits until <paramref name="sender"/> may send <paramref name="count"/> more messages.</summary>
    public async Task WaitAsync(string sender, double messagesPerSecond, int count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var state = State(sender, messagesPerSecond);
        long waitMs;
        try
        {
            var result = (RedisResult[])(await _redis.GetDatabase().ScriptEvaluateAsync(WaitScript, [BucketKey(sender), AimdKey(sender)],
                [messagesPerSecond, count]))!;
            waitMs = (long)result[0];
            Observe(sender, state, messagesPerSecond, double.Parse((string)result[1]!, CultureInfo.InvariantCulture));
            if (Interlocked.Exchange(ref _redisUnavailable, 0) == 1)
            {
                LogSharedAgain(_logger);
            }
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Once per outage, not per group of messages.
            if (Interlocked.Exchange(ref _redisUnavailable, 1) == 0)
            {
                LogLocalFallback(_logger, ex.GetType().Name);
            }

            var share = _share is null ? 1 : await _share.LocalShareAsync(cancellationToken);
            var rate = state.LocalRate(messagesPerSecond);
            Observe(sender, state, messagesPerSecond, rate);
            var local = rate * share;
            waitMs = (long)state.Bucket.Reserve(count, local, Math.Max(1, Math.Ceiling(local))).TotalMilliseconds;
        }

        if (waitMs > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(waitMs), _timeProvider, cancellationToken);
        }
    }

    /// <summary>
    /// What came of a group of creates for <paramref name="sender"/>: <paramref name="throttled"/> refused as
    /// too many (the rate goes down), <paramref name="accepted"/> taken (the rate climbs back while it is
    /// below <paramref name="messagesPerSecond"/>). Never throws for an unreachable Redis: the local state decides.
    /// </summary>
    public async Task ReportAsync(string sender, double messagesPerSecond, int throttled, int accepted, CancellationToken cancellationToken)
    {
        var state = State(sender, messagesPerSecond);
        if (throttled == 0 && (accepted == 0 || !state.Reduced))
        {
            return;
        }

        cancellationToken.ThrowIfCancellationRequested();
        double rate;
        try
        {
            var result = await _redis.GetDatabase().ScriptEvaluateAsync(ReportScript, [AimdKey(sender)],
            [
                messagesPerSecond, throttled > 0 ? 1 : 0, Math.Min(AimdRate.Floor, messagesPerSecond), messagesPerSecond / AimdRate.IncreaseDivisor,
                AimdRate.Spacing.TotalMilliseconds, AimdRate.DecreaseFactor,
            ]);
            rate = double.Parse((string)result!, CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            rate = state.ReportLocally(messagesPerSecond, throttled > 0, _timeProvider.GetUtcNow());
        }

        Observe(sender, state, messagesPerSecond, rate);
    }

    /// <summary>The effective rate this process last saw for <paramref name="sender"/> (the configured one before any).</summary>
    public double EffectiveRate(string sender) => _senders.TryGetValue(sender, out var state) ? state.Effective : double.NaN;

    private static RedisKey BucketKey(string sender) => $"rate:{sender}";

    private static RedisKey AimdKey(string sender) => $"rate:{sender}:aimd";

    private SenderState State(string sender, double messagesPerSecond) =>
        _senders.GetOrAdd(sender, static (_, arg) => new SenderState(arg.messagesPerSecond, arg._timeProvider), (messagesPerSecond, _timeProvider));

    /// <summary>Records the sender's effective rate; logs when it enters or leaves the throttled regime (once per change, not per message).</summary>
    private void Observe(string sender, SenderState state, double configured, double rate)
    {
        var reduced = rate < configured;
        bool changed;
        lock (state.Gate)
        {
            state.Effective = rate;
            changed = state.Reduced != reduced;
            state.Reduced = reduced;
        }

        if (!changed)
        {
            return;
        }

        if (reduced)
        {
            LogThrottled(_logger, sender, rate, configured);
        }
        else
        {
            LogRecovered(_logger, sender, configured);
        }
    }

    private IEnumerable<Measurement<double>> ObserveRates() =>
        _senders.Select(s => new Measurement<double>(s.Value.Effective, new KeyValuePair<string, object?>("sender", s.Key)));

    [LoggerMessage(1, LogLevel.Warning, "Sender rate limit falls back to a local bucket: Redis unavailable ({Error})")]
    private static partial void LogLocalFallback(ILogger logger, string error);

    [LoggerMessage(4, LogLevel.Information, "Sender rate limit is shared through Redis again")]
    private static partial void LogSharedAgain(ILogger logger);

    [LoggerMessage(2, LogLevel.Warning, "Twilio throttles sender {Sender}: its rate is lowered to {Rate} messages/s (configured {Configured}) until creates go through again")]
    private static partial void LogThrottled(ILogger logger, string sender, double rate, double configured);

    [LoggerMessage(3, LogLevel.Information, "Sender {Sender} is back at its configured rate of {Configured} messages/s")]
    private static partial void LogRecovered(ILogger logger, string sender, double configured);

    /// <summary>What this process knows of one sender: the effective rate last seen, and the local bucket and AIMD state used without Redis.</summary>
    private sealed class SenderState(double configured, TimeProvider timeProvider)
    {
        private AimdState? _local;

        public Lock Gate { get; } = new();

        public LocalTokenBucket Bucket { get; } = new(configured, Math.Max(1, Math.Ceiling(configured)), timeProvider);

        public double Effective { get; set; } = configured;

        public bool Reduced { get; set; }

        public double LocalRate(double configured)
        {
            lock (Gate)
            {
                return Math.Min(configured, _local?.Rate ?? configured);
            }
        }

        public double ReportLocally(double configured, bool throttled, DateTimeOffset now)
        {
            lock (Gate)
            {
                _local = AimdRate.Next(_local, configured, throttled, now);
                return _local.Rate;
            }
        }
    }
}
