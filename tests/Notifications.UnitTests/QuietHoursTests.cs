using System.Globalization;
using Notifications.Core.Windows;

namespace Notifications.UnitTests;

public sealed class QuietHoursTests
{
    private static readonly LocalWindow Federal = new(new TimeOnly(8, 0), new TimeOnly(21, 0));

    private static TimeZoneInfo Zone(string id) => TimeZoneInfo.FindSystemTimeZoneById(id);

    [Theory]
    [InlineData("2026-07-15T03:00:00Z", "2026-07-15T12:00:00Z")] // 23:00 EDT: next 08:00 EDT
    [InlineData("2026-07-15T11:59:59Z", "2026-07-15T12:00:00Z")] // 07:59:59 EDT
    [InlineData("2026-07-15T12:00:00Z", "2026-07-15T12:00:00Z")] // 08:00 EDT: open
    [InlineData("2026-07-15T16:00:00Z", "2026-07-15T16:00:00Z")] // noon: open now
    [InlineData("2026-07-16T00:59:59Z", "2026-07-16T00:59:59Z")] // 20:59:59 EDT: still open
    [InlineData("2026-07-16T01:00:00Z", "2026-07-16T12:00:00Z")] // 21:00 EDT: closed (the end is exclusive)
    [InlineData("2026-01-15T04:00:00Z", "2026-01-15T13:00:00Z")] // 23:00 EST in winter: 08:00 EST
    public void NextAllowed_NewYork_FederalWindow(string now, string expected)
    {
        Assert.Equal(DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture), QuietHours.NextAllowed(DateTimeOffset.Parse(now, CultureInfo.InvariantCulture), Federal, [Zone("America/New_York")]));
    }

    [Theory]
    [InlineData("08:00", "21:00", "2026-03-08T05:30:00Z", "2026-03-08T12:00:00Z")] // 00:30 EST on the spring-forward day: 08:00 is EDT
    [InlineData("02:30", "21:00", "2026-03-08T05:30:00Z", "2026-03-08T07:00:00Z")] // 02:30 does not exist: opens at 03:00 EDT
    [InlineData("08:00", "21:00", "2026-03-07T05:30:00Z", "2026-03-07T13:00:00Z")] // the day before, still EST
    public void NextAllowed_NewYork_SpringForwardGap(string start, string end, string now, string expected)
    {
        var window = new LocalWindow(TimeOnly.Parse(start, CultureInfo.InvariantCulture), TimeOnly.Parse(end, CultureInfo.InvariantCulture));

        Assert.Equal(DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture), QuietHours.NextAllowed(DateTimeOffset.Parse(now, CultureInfo.InvariantCulture), window, [Zone("America/New_York")]));
    }

    [Theory]
    [InlineData("08:00", "21:00", "2026-11-01T04:30:00Z", "2026-11-01T13:00:00Z")] // 00:30 EDT on the fall-back day: 08:00 is EST
    [InlineData("01:30", "21:00", "2026-11-01T04:30:00Z", "2026-11-01T06:30:00Z")] // 01:30 happens twice: the window opens at the second
    [InlineData("01:30", "21:00", "2026-11-01T05:45:00Z", "2026-11-01T06:30:00Z")] // 01:45 EDT, past the first 01:30: still closed
    public void NextAllowed_NewYork_FallBackOverlap(string start, string end, string now, string expected)
    {
        var window = new LocalWindow(TimeOnly.Parse(start, CultureInfo.InvariantCulture), TimeOnly.Parse(end, CultureInfo.InvariantCulture));

        Assert.Equal(DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture), QuietHours.NextAllowed(DateTimeOffset.Parse(now, CultureInfo.InvariantCulture), window, [Zone("America/New_York")]));
    }

    [Fact]
    public void NextAllowed_NewYork_FallBackOverlap_EndTakenAtItsFirstOccurrence()
    {
        var window = new LocalWindow(new TimeOnly(0, 0), new TimeOnly(1, 30));

        // 01:40 EDT (05:40Z) is before the second 01:30 (06:30Z) but after the first (05:30Z): closed until the next midnight.
        Assert.Equal(DateTimeOffset.Parse("2026-11-02T05:00:00Z", CultureInfo.InvariantCulture),
            QuietHours.NextAllowed(DateTimeOffset.Parse("2026-11-01T05:40:00Z", CultureInfo.InvariantCulture), window, [Zone("America/New_York")]));
    }

    [Theory]
    [InlineData("2026-03-08T13:00:00Z", "2026-03-08T15:00:00Z")] // 06:00 MST on New York's spring-forward day: 08:00 MST
    [InlineData("2026-07-15T13:00:00Z", "2026-07-15T15:00:00Z")] // 06:00 MST in summer: still UTC-7
    [InlineData("2026-11-01T13:00:00Z", "2026-11-01T15:00:00Z")]
    public void NextAllowed_Phoenix_NoDaylightSaving(string now, string expected)
    {
        Assert.Equal(DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture), QuietHours.NextAllowed(DateTimeOffset.Parse(now, CultureInfo.InvariantCulture), Federal, [Zone("America/Phoenix")]));
    }

    [Theory]
    [InlineData("2026-07-15T12:30:00Z", "2026-07-15T13:00:00Z")] // 08:30 in New York, 07:30 in Chicago: wait for Chicago
    [InlineData("2026-07-16T00:30:00Z", "2026-07-16T00:30:00Z")] // 20:30 / 19:30: open in both
    [InlineData("2026-07-16T01:00:00Z", "2026-07-16T13:00:00Z")] // 21:00 in New York: closed there
    public void NextAllowed_TwoZones_HoldsInBoth(string now, string expected)
    {
        Assert.Equal(DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture),
            QuietHours.NextAllowed(DateTimeOffset.Parse(now, CultureInfo.InvariantCulture), Federal, [Zone("America/New_York"), Zone("America/Chicago")]));
    }

    [Fact]
    public void NextAllowed_DefaultWindowLength_AnyTwoZonesOverlap()
    {
        // 13-hour windows always share some hours: Tokyo's 08:00–21:00 (23:00Z–12:00Z) and New York's (12:00Z–01:00Z) share 23:00Z–01:00Z.
        var zones = new[] { Zone("Asia/Tokyo"), Zone("America/New_York") };

        Assert.Equal(DateTimeOffset.Parse("2026-07-15T23:00:00Z", CultureInfo.InvariantCulture), QuietHours.NextAllowed(DateTimeOffset.Parse("2026-07-15T02:00:00Z", CultureInfo.InvariantCulture), Federal, zones));
    }

    [Fact]
    public void NextAllowed_WindowsNeverOverlap_FirstZoneDecides()
    {
        // 08:00–12:00 in London (07:00Z–11:00Z) and in Los Angeles (15:00Z–19:00Z) never meet: London (listed first) decides.
        var morning = new LocalWindow(new TimeOnly(8, 0), new TimeOnly(12, 0));
        var zones = new[] { Zone("Europe/London"), Zone("America/Los_Angeles") };

        Assert.Equal(DateTimeOffset.Parse("2026-07-16T07:00:00Z", CultureInfo.InvariantCulture), QuietHours.NextAllowed(DateTimeOffset.Parse("2026-07-15T12:00:00Z", CultureInfo.InvariantCulture), morning, zones));
        Assert.Equal(DateTimeOffset.Parse("2026-07-15T08:00:00Z", CultureInfo.InvariantCulture), QuietHours.NextAllowed(DateTimeOffset.Parse("2026-07-15T08:00:00Z", CultureInfo.InvariantCulture), morning, zones));
    }
}
