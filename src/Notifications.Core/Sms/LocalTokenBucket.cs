namespace Notifications.Core.Sms;

/// <summary>
/// One sender's token bucket in this process, with the arithmetic of <see cref="SenderRateLimiter"/>'s
/// Redis script: tokens refill continuously at the rate up to the burst, a reservation takes its tokens
/// at once and may leave the bucket in debt, and the caller waits until the debt is repaid.
/// </summary>
internal sealed class LocalTokenBucket(double messagesPerSecond, double burst, TimeProvider timeProvider)
{
    private readonly Lock _lock = new();
    private double _tokens = burst;
    private long _updatedAt = timeProvider.GetTimestamp();

    /// <summary>Takes <paramref name="count"/> tokens; returns how long the caller must wait before using them.</summary>
    public TimeSpan Reserve(int count)
    {
        lock (_lock)
        {
            var now = timeProvider.GetTimestamp();
            var elapsed = timeProvider.GetElapsedTime(_updatedAt, now);
            _tokens = Math.Min(burst, _tokens + (elapsed.TotalSeconds * messagesPerSecond)) - count;
            _updatedAt = now;
            return _tokens < 0 ? TimeSpan.FromMilliseconds(Math.Ceiling(-_tokens * 1000 / messagesPerSecond)) : TimeSpan.Zero;
        }
    }
}
