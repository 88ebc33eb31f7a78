using Notifications.Core.Reporting;

namespace Notifications.Api.Reporting;

/// <summary>
/// The parts of a report's period read from rollups: whole sealed days, and slices of the days not sealed; and the
/// months among the days (every day of each in <see cref="Days"/>), which the report reads instead of their days
/// unless it groups by day.
/// </summary>
internal sealed record RollupPeriods(DateOnly[] Days, DateOnly[] Months, (DateTimeOffset Start, DateTimeOffset End)[] Slices)
{
    public bool IsEmpty => Days.Length == 0 && Slices.Length == 0;

    /// <summary>The days and slices as instants [start, end), ascending (they never overlap).</summary>
    public IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> Ranges() =>
        Days.Select(d => new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero))
            .Select(start => (start, start.AddDays(1)))
            .Concat(Slices)
            .OrderBy(r => r.Item1);

    /// <summary>The days outside <see cref="Months"/>.</summary>
    public DateOnly[] DaysOutsideMonths() => [.. Days.Where(d => Array.IndexOf(Months, DailyStats.MonthOf(d)) < 0)];
}
