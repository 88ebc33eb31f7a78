using System.Globalization;
using Notifications.Core.Reporting;

namespace Notifications.UnitTests;

/// <summary>Which slices of the days not sealed the rollup job computes (<see cref="DaySlices.Due"/>).</summary>
public sealed class DaySlicesTests
{
    private static readonly DateTimeOffset Midnight = new(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Each case: the cut-off (minutes after midnight), the slices computed so far and the marked minutes, and the
    /// slices due ("start-end" in minutes after midnight).
    /// </summary>
    public static TheoryData<int, string, string, string> Cases => new()
    {
        // Nothing computed yet: each closed hour as one slice, the open hour's minutes up to the cut-off as one.
        { 150, "", "", "0-60 60-120 120-150" },
        // The closed hours are single clean slices: only the minutes after the open hour's last slice.
        { 150, "0-60 60-120 120-140", "", "140-150" },
        // Up to date: nothing.
        { 150, "0-60 60-120 120-150", "", "" },
        // A closed hour still covered by the slices of its minutes becomes one slice.
        { 150, "0-60 60-80 80-120 120-150", "", "60-120" },
        // A marked minute in a closed hour's slice: the hour again.
        { 150, "0-60 60-120 120-150", "75", "60-120" },
        // A marked minute in the open hour: its slice again, and the minutes after the last slice.
        { 160, "0-60 60-120 120-130 130-150", "135", "130-150 150-160" },
        // A marked minute not yet in any slice changes nothing: the next slice takes it.
        { 150, "0-60 60-120 120-140", "145", "140-150" },
        // The cut-off on the hour: no open hour.
        { 120, "0-60 60-100", "", "60-120" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Due_ComputesClosedHoursWholeAndTheOpenHourUpToTheCutoff(int cutoff, string slices, string marked, string expected)
    {
        var due = DaySlices.Due(Midnight, At(cutoff), Ranges(slices), [.. Minutes(marked).Select(At)]);

        Assert.Equal(expected, string.Join(' ', due.Select(s => string.Create(CultureInfo.InvariantCulture, $"{(s.Start - Midnight).TotalMinutes}-{(s.End - Midnight).TotalMinutes}"))));
    }

    [Fact]
    public void Due_NeverReturnsOverlappingSlicesOrSlicesCrossingAnHour()
    {
        for (var cutoff = 100; cutoff <= 24 * 60; cutoff += 7)
        {
            // Slices computed earlier end before the cut-off (it only moves on).
            var due = DaySlices.Due(Midnight, At(cutoff), Ranges("0-60 60-90 90-100"), [At(95), At(30)]);
            var ordered = due.OrderBy(s => s.Start).ToList();
            Assert.All(ordered.Zip(ordered.Skip(1)), pair => Assert.True(pair.First.End <= pair.Second.Start));
            Assert.All(ordered, s => Assert.True(s.Start < s.End && s.End <= At(cutoff) && (s.End - TimeSpan.FromTicks(1)).Hour == s.Start.Hour));
        }
    }

    private static DateTimeOffset At(int minutes) => Midnight.AddMinutes(minutes);

    private static IEnumerable<int> Minutes(string text) =>
        text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(m => int.Parse(m, CultureInfo.InvariantCulture));

    private static List<(DateTimeOffset Start, DateTimeOffset End)> Ranges(string text) =>
    [
        .. text.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(r => r.Split('-'))
            .Select(p => (At(int.Parse(p[0], CultureInfo.InvariantCulture)), At(int.Parse(p[1], CultureInfo.InvariantCulture)))),
    ];
}
