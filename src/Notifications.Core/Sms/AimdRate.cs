namespace Notifications.Core.Sms;

/// <summary>
/// A sender's effective rate while Twilio throttles it: additive increase, multiplicative decrease.
/// A report of throttling (429, 20429, 21611) halves the rate, at most once per <see cref="Spacing"/>
/// however many creates of the same burst were refused, and never below <see cref="Floor"/>; a report
/// of creates that went through raises it by a tenth of the configured rate, at most once per
/// <see cref="Spacing"/> and not within <see cref="Spacing"/> of a decrease, up to the configured rate.
/// From the floor a sender is back at its configured rate in about ten seconds of successful creates.
/// <see cref="SenderRateLimiter"/>'s Redis script does the same arithmetic for every replica at once;
/// this is the arithmetic itself and the process-local state used while Redis is unreachable.
/// </summary>
public static class AimdRate
{
    /// <summary>What a decrease multiplies the rate by.</summary>
    public const double DecreaseFactor = 0.5;

    /// <summary>The lowest rate a decrease leaves (messages per second), or the configured rate when that is lower.</summary>
    public const double Floor = 1;

    /// <summary>An increase adds the configured rate divided by this.</summary>
    public const double IncreaseDivisor = 10;

    /// <summary>The least time between two changes of the same kind (and from a decrease to an increase).</summary>
    public static readonly TimeSpan Spacing = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The state after one report at <paramref name="now"/>: <paramref name="throttled"/> when Twilio
    /// refused creates as too many, otherwise creates went through.
    /// </summary>
    public static AimdState Next(AimdState? state, double configured, bool throttled, DateTimeOffset now)
    {
        var current = state ?? new AimdState(configured, DateTimeOffset.MinValue, DateTimeOffset.MinValue);
        var rate = Math.Min(configured, current.Rate);
        if (throttled)
        {
            return now - current.DecreasedAt >= Spacing
                ? current with { Rate = Math.Max(Math.Min(Floor, configured), rate * DecreaseFactor), DecreasedAt = now }
                : current with { Rate = rate };
        }

        var last = current.DecreasedAt > current.IncreasedAt ? current.DecreasedAt : current.IncreasedAt;
        return rate < configured && now - last >= Spacing
            ? current with { Rate = Math.Min(configured, rate + (configured / IncreaseDivisor)), IncreasedAt = now }
            : current with { Rate = rate };
    }
}
