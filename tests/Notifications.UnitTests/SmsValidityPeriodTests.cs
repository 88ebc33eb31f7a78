using System.Globalization;
using Notifications.Core.Sms;

namespace Notifications.UnitTests;

public sealed class SmsValidityPeriodTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-07-15T12:00:00Z", CultureInfo.InvariantCulture);

    [Theory]
    [InlineData(null, null)]
    [InlineData(600.9, 600)]
    [InlineData(36_000.0, 36_000)]
    [InlineData(36_001.0, null)] // further off than Twilio's longest (and default) period: not sent
    [InlineData(0.4, 1)]
    public void ValidityPeriodFor_RemainingSeconds_WithinTwilioBounds(double? secondsLeft, int? expected)
    {
        DateTimeOffset? validUntil = secondsLeft is { } s ? Now.AddSeconds(s) : null;

        Assert.Equal(expected, SmsRequest.ValidityPeriodFor(validUntil, Now));
    }
}
