namespace Notifications.Core.Sms;

/// <summary>
/// One sender's token bucket in this process, with the arithmetic of <see cref="SenderRateLimiter"/>'s
/// Redis script: tokens refill continuously at the rate up to the burst, a reservation takes its tokens
/// at once and may leave the bucket in debt, and the caller waits until the debt is repaid.
/// </summary>
internal sealed class LocalTokenBucket
{
    private readonly Lock _lock = new();
    private readonly double _messagesPerSecond;
    private readonly double _burst;
    private readonly TimeProvider _timeProvider;
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
            var now = _timeProvider.GetTimestamp();
            var elapsed = _timeProvider.GetElapsedTime(_updatedAt, now);
            _tokens = Math.Min(_burst, _tokens + (elapsed.TotalSeconds * _messagesPerSecond)) - count;
            _updatedAt = now;
            return _tokens < 0 ? TimeSpan.FromMilliseconds(Math.Ceiling(-_tokens * 1000 / _messagesPerSecond)) : TimeSpan.Zero;
        }
    }
}
