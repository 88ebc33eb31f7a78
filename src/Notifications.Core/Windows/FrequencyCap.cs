namespace Notifications.Core.Windows;

/// <summary>A sliding-window count of sends to one number: pure, the caller gives the sends and the time.</summary>
public static class FrequencyCap
{
    /// <summary>
    /// When one more message may go, given the moments of the sends already counted: <paramref name="now"/> while
    /// fewer than <paramref name="count"/> lie within <paramref name="period"/> before it, else the moment the oldest
    /// of the last <paramref name="count"/> leaves the period.
    /// </summary>
    public static DateTimeOffset NextFree(IReadOnlyList<DateTimeOffset> counted, int count, TimeSpan period, DateTimeOffset now)
    {
        var recent = counted.Where(t => t > now - period).Order().ToList();
        return recent.Count < count ? now : recent[recent.Count - count] + period;
    }
}
