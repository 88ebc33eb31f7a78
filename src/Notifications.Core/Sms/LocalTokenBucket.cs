namespace Notifications.Core.Sms;

/// <summary>
/// One sender's token bucket in this process, with the arithmetic of <see cref="SenderRateLimiter"/>'s
/// Redis script: tokens refill continuously at the rate up to the burst, a reservation takes its tokens
/// at once and may leave the bucket in debt, and the caller waits until the debt is repaid. The rate may
/// change between reservations (the sender's throttled rate, this process's share): the time since the
/// last reservation refills at the rate it had then.
/// </summary>
internal sealed class LocalTokenBucket
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _timeProvider;
    private double _messagesPerSecond;
    private double _burst;
    private double _tokens;
    private long _updatedAt;

    public LocalTokenBucket(double messagesPerSecond, double burst, TimeProvider timeProvider)
    {
        _messagesPerSecond = messagesPerSecond;
        _burst = burst;
        _timeProvider = timeProvider;
        _tokens = burst;
        _updatedAt = timeProvider.GetTimestamp();
    }

    /// <summary>Takes <paramref name="count"/> tokens; returns how long the caller must wait before using them.</summary>
    public TimeSpan Reserve(int count)
    {
        lock (_lock)
        {
            return ReserveLocked(count, _messagesPerSecond, _burst);
        }
    }

    /// <summary>Takes <paramref name="count"/> tokens, the bucket running at <paramref name="messagesPerSecond"/> from now on.</summary>
    public TimeSpan Reserve(int count, double messagesPerSecond, double burst)
    {
        lock (_lock)
        {
            return ReserveLocked(count, messagesPerSecond, burst);
        }
    }

    private TimeSpan ReserveLocked(int count, double messagesPerSecond, double burst)
    {
        var now = _timeProvider.GetTimestamp();
        var elapsed = _timeProvider.GetElapsedTime(_updatedAt, now);
        _tokens = Math.Min(burst, _tokens + (elapsed.TotalSeconds * _messagesPerSecond)) - count;
        _updatedAt = now;
        _messagesPerSecond = messagesPerSecond;
        _burst = burst;
        return _tokens < 0 ? TimeSpan.FromMilliseconds(Math.Ceiling(-_tokens * 1000 / _messagesPerSecond)) : TimeSpan.Zero;
    }
}
