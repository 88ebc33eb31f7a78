namespace Notifications.Core.Windows;

/// <summary>
/// A daily window of local wall-clock time, [<see cref="Start"/>, <see cref="End"/>), held in one time zone.
/// <see cref="Start"/> is before <see cref="End"/> (a window does not span midnight).
/// </summary>
public readonly record struct LocalWindow(TimeOnly Start, TimeOnly End)
{
    /// <summary>
    /// The window's UTC intervals in <paramref name="zone"/> for <paramref name="days"/> local dates from <paramref name="first"/>.
    /// </summary>
    /// <remarks>
    /// Across a daylight-saving change: a start or end that does not exist (the spring-forward gap) is the
    /// first moment after the gap; one that happens twice (the fall-back overlap) is taken cautiously,
    /// the start at its second occurrence and the end at its first, so that the window holds by either reading of the clock.
    /// </remarks>
    public IEnumerable<(DateTimeOffset From, DateTimeOffset To)> Intervals(TimeZoneInfo zone, DateOnly first, int days)
    {
        for (var i = 0; i < days; i++)
        {
            var date = first.AddDays(i);
            var from = ToUtc(zone, date.ToDateTime(Start), later: true);
            var to = ToUtc(zone, date.ToDateTime(End), later: false);
            if (from < to)
            {
                yield return (from, to);
            }
        }
    }

    private static DateTimeOffset ToUtc(TimeZoneInfo zone, DateTime local, bool later)
    {
        if (zone.IsInvalidTime(local))
        {
            // In the gap: the clock jumps past it; the first valid local minute after it.
            var after = local;
            while (zone.IsInvalidTime(after))
            {
                after = after.AddMinutes(1);
            }

            return new DateTimeOffset(after - zone.GetUtcOffset(after), TimeSpan.Zero);
        }

        if (zone.IsAmbiguousTime(local))
        {
            var offsets = zone.GetAmbiguousTimeOffsets(local);
            var utc = offsets.Select(o => new DateTimeOffset(local - o, TimeSpan.Zero)).Order().ToArray();
            return later ? utc[^1] : utc[0];
        }

        return new DateTimeOffset(local - zone.GetUtcOffset(local), TimeSpan.Zero);
    }
}
