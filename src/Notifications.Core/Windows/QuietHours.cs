namespace Notifications.Core.Windows;

/// <summary>
/// When a message may go: the first moment at or after now at which a daily <see cref="LocalWindow"/>
/// holds in every one of the recipient's time zones at once. Pure: the caller gives the time.
/// </summary>
public static class QuietHours
{
    /// <summary>How far ahead a common moment is looked for.</summary>
    public static readonly int HorizonDays = 8;

    /// <summary>
    /// The first moment at or after <paramref name="now"/> inside <paramref name="window"/> in every zone of
    /// <paramref name="zones"/> (<paramref name="now"/> itself when it already is). When the windows never overlap
    /// within <see cref="HorizonDays"/> days (zones far apart, or a window shorter than their difference), the
    /// first zone alone decides: callers put the consent's time zone first when there is one.
    /// </summary>
    public static DateTimeOffset NextAllowed(DateTimeOffset now, LocalWindow window, IReadOnlyList<TimeZoneInfo> zones)
    {
        ArgumentOutOfRangeException.ThrowIfZero(zones.Count);
        now = now.ToUniversalTime();
        return FirstCommon(now, window, zones) ?? FirstCommon(now, window, [zones[0]])
            ?? throw new InvalidOperationException($"The window {window.Start}-{window.End} never holds in {zones[0].Id}.");
    }

    private static DateTimeOffset? FirstCommon(DateTimeOffset now, LocalWindow window, IReadOnlyList<TimeZoneInfo> zones)
    {
        // Intersect the zones' intervals, zone by zone; start a day early so that a window open right now counts.
        IEnumerable<(DateTimeOffset From, DateTimeOffset To)>? common = null;
        foreach (var zone in zones)
        {
            var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
            var intervals = window.Intervals(zone, today.AddDays(-1), HorizonDays + 2).ToList();
            common = common is null ? intervals : Intersect(common.ToList(), intervals);
        }

        foreach (var (from, to) in common!.OrderBy(i => i.From))
        {
            if (to > now)
            {
                return from > now ? from : now;
            }
        }

        return null;
    }

    private static List<(DateTimeOffset From, DateTimeOffset To)> Intersect(
        List<(DateTimeOffset From, DateTimeOffset To)> left, List<(DateTimeOffset From, DateTimeOffset To)> right)
    {
        var result = new List<(DateTimeOffset, DateTimeOffset)>();
        foreach (var a in left)
        {
            foreach (var b in right)
            {
                var from = a.From > b.From ? a.From : b.From;
                var to = a.To < b.To ? a.To : b.To;
                if (from < to)
                {
                    result.Add((from, to));
                }
            }
        }

        return result;
    }
}
