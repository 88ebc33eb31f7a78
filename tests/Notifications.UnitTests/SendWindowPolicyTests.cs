using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Notifications.Core.Windows;

namespace Notifications.UnitTests;

public sealed class SendWindowPolicyTests
{
    private const string NewYork = "+12125550123";
    private const string Miami = "+13055550123";
    private const string Panhandle = "+18505550123";
    private const string Tulsa = "+19185550123";

    private static readonly DateTimeOffset EveningEastern = DateTimeOffset.Parse("2026-07-16T00:30:00Z", CultureInfo.InvariantCulture); // 20:30 EDT
    private static readonly DateTimeOffset LateEastern = DateTimeOffset.Parse("2026-07-15T03:00:00Z", CultureInfo.InvariantCulture); // 23:00 EDT

    private static ServiceProvider Services(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        return new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddSendWindows().BuildServiceProvider();
    }

    private static SendWindowPolicy Policy(params (string Key, string Value)[] settings) => Services(settings).GetRequiredService<SendWindowPolicy>();

    [Fact]
    public void Window_MarketingAt23Local_ScheduledForEightAm()
    {
        var deferral = Policy().Window(NewYork, "marketing", null, LateEastern);

        Assert.NotNull(deferral);
        Assert.Equal(DateTimeOffset.Parse("2026-07-15T12:00:00Z", CultureInfo.InvariantCulture), deferral.DueAt);
        Assert.Contains("America/New_York", deferral.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Window_Transactional_ExemptByDefault()
    {
        Assert.Null(Policy().Window(NewYork, "transactional", null, LateEastern));
    }

    [Fact]
    public void Window_TransactionalWithApplyToTransactional_Scheduled()
    {
        var deferral = Policy(("SendWindows:ApplyToTransactional", "true")).Window(NewYork, "transactional", null, LateEastern);

        Assert.Equal(DateTimeOffset.Parse("2026-07-15T12:00:00Z", CultureInfo.InvariantCulture), deferral?.DueAt);
    }

    [Theory]
    [InlineData(Miami)]
    [InlineData(Tulsa)] // Oklahoma: 19:30 CDT is open federally, but Oklahoma stops at 20:00 too; checked an hour later below
    public void Window_StateRules_StricterThanFederal(string to)
    {
        var policy = Policy();
        var at = to == Tulsa ? EveningEastern.AddHours(1) : EveningEastern; // 20:30 local either way

        Assert.Null(policy.Window(NewYork, "marketing", null, EveningEastern));
        Assert.NotNull(policy.Window(to, "marketing", null, at));
    }

    [Fact]
    public void Window_ConsentTimeZone_MustHoldThereToo()
    {
        var policy = Policy();

        // 20:30 in New York is open, but 01:30 in London is not; both hold from 12:00Z (08:00 EDT, 13:00 BST).
        Assert.Null(policy.Window(NewYork, "marketing", null, EveningEastern));
        Assert.Equal(DateTimeOffset.Parse("2026-07-16T12:00:00Z", CultureInfo.InvariantCulture), policy.Window(NewYork, "marketing", "Europe/London", EveningEastern)?.DueAt);
    }

    [Fact]
    public void Window_NumberSpanningSeveralZones_WaitsForTheWesternmost()
    {
        // libphonenumber places each US area code in one zone; numbers it cannot place more precisely get several
        // (mobile numbers of Australia, Russia or Brazil: every zone of the country).
        string[] candidates = ["+61412345678", "+79161234567", "+5511987654321", "+16052345678", "+12082345678"];
        var at = new DateTime(2026, 7, 15, 8, 30, 0, DateTimeKind.Unspecified);
        var split = candidates
            .Select(number => (Number: number, Zones: RecipientZones.Of(number, null)))
            .FirstOrDefault(n => n.Zones.Select(z => z.GetUtcOffset(at)).Distinct().Count() > 1);
        Assert.True(split.Number is not null, "no candidate number maps to two time zones");
        var east = split.Zones.MaxBy(z => z.GetUtcOffset(at))!;
        var west = split.Zones.MinBy(z => z.GetUtcOffset(at))!;

        // 08:30 in the easternmost zone: the window is open there, not yet in the westernmost one.
        var now = new DateTimeOffset(at, east.GetUtcOffset(at)).ToUniversalTime();
        var deferral = Policy().Window(split.Number, "marketing", null, now);

        var westernEight = new DateTime(2026, 7, 15, 8, 0, 0, DateTimeKind.Unspecified);
        Assert.Equal(new DateTimeOffset(westernEight, west.GetUtcOffset(westernEight)).ToUniversalTime(), deferral?.DueAt);
    }

    [Fact]
    public void RecipientZones_ConsentTimeZoneFirst()
    {
        Assert.Equal(["Europe/London", "America/New_York"], RecipientZones.Of(NewYork, "Europe/London").Select(z => z.Id));
    }

    [Fact]
    public void Window_StateOverride_InheritsTheFederalStart()
    {
        var policy = Policy(("SendWindows:States:FL:End", "19:00"), ("SendWindows:States:TX:Start", "09:00"));
        var options = Services(("SendWindows:States:FL:End", "19:00"), ("SendWindows:States:TX:Start", "09:00"))
            .GetRequiredService<IOptions<SendWindowOptions>>().Value;

        Assert.Equal(new LocalWindow(new TimeOnly(8, 0), new TimeOnly(19, 0)), options.WindowFor("FL"));
        Assert.Equal(new LocalWindow(new TimeOnly(9, 0), new TimeOnly(21, 0)), options.WindowFor("TX"));
        Assert.Equal(new LocalWindow(new TimeOnly(8, 0), new TimeOnly(20, 0)), options.WindowFor("MD"));
        Assert.NotNull(policy.Window(Miami, "marketing", null, EveningEastern.AddHours(-1))); // 19:30 in Miami
    }

    [Theory]
    [InlineData("SendWindows:Start", "22:00", "SendWindows:Start must be before SendWindows:End")]
    [InlineData("SendWindows:States:FL:Start", "20:30", "SendWindows:States:FL:Start must be before SendWindows:States:FL:End")]
    [InlineData("SendWindows:States:ZZ:End", "20:00", "SendWindows:States:ZZ is not a state")]
    [InlineData("FrequencyCaps:marketing:Count", "-1", "FrequencyCaps:marketing:Count must be between 0 (no cap) and 1,000 (was -1).")]
    [InlineData("FrequencyCaps:marketing:Period", "00:00:10", "FrequencyCaps:marketing:Period must be between")]
    [InlineData("FrequencyCaps:marketing:States", "FL,XX", "FrequencyCaps:marketing:States must be '*' or state codes")]
    [InlineData("FrequencyCaps:promo:Count", "1", "FrequencyCaps:promo: the purpose must be")]
    public void Options_Invalid_FailNamingTheKey(string key, string value, string message)
    {
        var services = Services((key, value));
        var failure = Assert.Throws<OptionsValidationException>(() =>
        {
            _ = services.GetRequiredService<IOptions<SendWindowOptions>>().Value;
            _ = services.GetRequiredService<IOptions<FrequencyCapsOptions>>().Value;
        });

        Assert.Contains(failure.Failures, f => f.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Caps_Default_MarketingThreePerDayInFloridaOklahomaMaryland()
    {
        var policy = Policy();

        Assert.Equal(3, policy.Cap(Miami, "marketing")?.Count);
        Assert.Equal(TimeSpan.FromHours(24), policy.Cap(Tulsa, "marketing")?.Period);
        Assert.NotNull(policy.Cap("+14105550123", "marketing")); // Maryland
        Assert.Null(policy.Cap(NewYork, "marketing"));
        Assert.Null(policy.Cap(Miami, "transactional"));
        Assert.Null(policy.Cap("+447700900123", "marketing"));
    }

    [Fact]
    public void Caps_ConfiguredCount_KeepsTheDefaultStates()
    {
        var policy = Policy(("FrequencyCaps:marketing:Count", "5"));

        Assert.Equal(5, policy.Cap(Miami, "marketing")?.Count);
        Assert.Null(policy.Cap(NewYork, "marketing"));
    }

    [Fact]
    public void Caps_AllNumbers_Star()
    {
        var policy = Policy(("FrequencyCaps:marketing:States", "*"), ("FrequencyCaps:transactional:Count", "10"), ("FrequencyCaps:transactional:Period", "01:00:00"));

        Assert.NotNull(policy.Cap(NewYork, "marketing"));
        Assert.NotNull(policy.Cap("+447700900123", "marketing"));
        Assert.Equal(TimeSpan.FromHours(1), policy.Cap(NewYork, "transactional")?.Period);
    }

    [Fact]
    public void FrequencyCap_FourthWithinTheDay_WaitsForTheOldestToLeave()
    {
        var now = DateTimeOffset.Parse("2026-07-15T12:00:00Z", CultureInfo.InvariantCulture);
        DateTimeOffset[] sends = [now.AddHours(-30), now.AddHours(-23), now.AddHours(-2), now.AddHours(-1)];

        Assert.Equal(now.AddHours(1), FrequencyCap.NextFree(sends, 3, TimeSpan.FromHours(24), now));
        Assert.Equal(now, FrequencyCap.NextFree(sends[..3], 3, TimeSpan.FromHours(24), now)); // the 30-hour-old one no longer counts
        Assert.Equal(now.AddHours(22), FrequencyCap.NextFree(sends, 2, TimeSpan.FromHours(24), now));
    }

    [Theory]
    [InlineData("+13055550123", "FL")]
    [InlineData("+14055550123", "OK")]
    [InlineData("+12405550123", "MD")]
    [InlineData("+16025550123", "AZ")]
    [InlineData("+12125550123", "NY")]
    [InlineData("+12065550123", null)] // Washington: not in the table
    [InlineData("+14165550123", null)] // Toronto
    [InlineData("+447700900123", null)]
    public void UsAreaCodes_StateOf(string number, string? state)
    {
        Assert.Equal(state, UsAreaCodes.StateOf(number));
    }
}
