using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Notifications.Core.Sms;

namespace Notifications.UnitTests;

public sealed class SmsEncodingTests
{
    private const string Gsm = SmsEncoding.Gsm7;
    private const string Ucs = SmsEncoding.Ucs2;

    /// <summary>A body built from a pattern: <c>"a*160"</c> is 160 a's; parts are joined with '+'.</summary>
    private static string Body(string pattern) => string.Concat(pattern.Split('+').Select(part =>
        part.LastIndexOf('*') is var star and > 0 && int.TryParse(part[(star + 1)..], out var n)
            ? string.Concat(Enumerable.Repeat(part[..star], n))
            : part));

    [Theory]
    // GSM-7 basic set.
    [InlineData("Hello", Gsm, 1)]
    [InlineData("@£$¥èéùìòÇØøÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ!\"#¤%&'()*+,-./:;<=>?¡ÄÖÑÜ§¿äöñüà", Gsm, 1)]
    [InlineData("Line one\nLine two\r\n", Gsm, 1)]
    [InlineData("", Gsm, 1)]
    [InlineData("a*160", Gsm, 1)]
    [InlineData("a*161", Gsm, 2)]
    [InlineData("a*306", Gsm, 2)]
    [InlineData("a*307", Gsm, 3)]
    [InlineData("a*459", Gsm, 3)]
    [InlineData("a*460", Gsm, 4)]
    [InlineData("a*1530", Gsm, 10)]
    [InlineData("a*1600", Gsm, 11)]
    // Extension characters cost two septets.
    [InlineData("{}", Gsm, 1)]
    [InlineData("^{}\\[~]|€", Gsm, 1)]
    [InlineData("\f", Gsm, 1)]
    [InlineData("€*80", Gsm, 1)]
    [InlineData("€*81", Gsm, 2)]
    [InlineData("a*159+€", Gsm, 2)]
    [InlineData("a*158+€", Gsm, 1)]
    // An extension character is never split: at 152 septets a 2-septet character starts the next segment.
    [InlineData("a*152+€+a*151", Gsm, 2)]
    [InlineData("a*152+€+a*152", Gsm, 3)]
    [InlineData("a*152+€+a*153", Gsm, 3)]
    [InlineData("a*151+€+a*153", Gsm, 2)]
    [InlineData("€*153", Gsm, 3)]
    [InlineData("a*305+[", Gsm, 3)]
    // UCS-2: any other character.
    [InlineData("Привет", Ucs, 1)]
    [InlineData("你好", Ucs, 1)]
    [InlineData("a*159+ç", Ucs, 3)]
    [InlineData("ç*70", Ucs, 1)]
    [InlineData("ç*71", Ucs, 2)]
    [InlineData("ç*134", Ucs, 2)]
    [InlineData("ç*135", Ucs, 3)]
    [InlineData("ç*201", Ucs, 3)]
    [InlineData("ç*202", Ucs, 4)]
    [InlineData("Price: 10€ 👍", Ucs, 1)]
    // Characters outside the BMP count as two code units, and a surrogate pair is never split.
    [InlineData("😀*35", Ucs, 1)]
    [InlineData("😀*36", Ucs, 2)]
    [InlineData("a*69+😀", Ucs, 2)]
    [InlineData("a*68+😀", Ucs, 1)]
    [InlineData("a*66+😀+a*65", Ucs, 2)]
    [InlineData("a*66+😀+a*66", Ucs, 3)]
    [InlineData("a*66+😀+a*67", Ucs, 3)]
    [InlineData("a*65+😀+a*67", Ucs, 2)]
    [InlineData("“Hi”", Ucs, 1)]
    public void Measure_CountsEncodingAndSegmentsAsHandsetsSplit(string pattern, string encoding, int segments)
    {
        Assert.Equal(new SmsSegments(encoding, segments), SmsEncoding.Measure(Body(pattern)));
    }

    [Theory]
    [InlineData("“Hi” it’s me", "\"Hi\" it's me", Gsm)]
    [InlineData("Wait… – okay — fine", "Wait... - okay - fine", Gsm)]
    [InlineData("Price\u00A0100\u2009USD", "Price 100 USD", Gsm)]
    [InlineData("soft\u00ADhyphen\u200B", "softhyphen", Gsm)]
    [InlineData("«quoted» ‹single›", "\"quoted\" <single>", Gsm)]
    [InlineData("Ｈｉ！", "Ｈｉ!", Ucs)]
    [InlineData("Code: 1234 😀", "Code: 1234 😀", Ucs)]
    [InlineData("already plain", "already plain", Gsm)]
    [InlineData("Привет “друг”", "Привет \"друг\"", Ucs)]
    public void SmartEncode_ReplacesLookAlikes_AndKeepsTheRest(string body, string expected, string encoding)
    {
        var encoded = SmsEncoding.SmartEncode(body);

        Assert.Equal(expected, encoded);
        Assert.Equal(encoding, SmsEncoding.Measure(encoded).Encoding);
    }

    [Fact]
    public void SmartEncode_OneCurlyQuote_NoLongerCostsUcs2()
    {
        var body = Body("a*150+’s");

        Assert.Equal(new SmsSegments(Ucs, 3), SmsEncoding.Measure(body));
        Assert.Equal(new SmsSegments(Gsm, 1), SmsEncoding.Measure(SmsEncoding.SmartEncode(body)));
    }

    [Theory]
    [InlineData(null, new string[0], new[] { "US", "CA" })]
    [InlineData(null, new[] { "GB", "default" }, new[] { "US", "CA", "GB" })]
    [InlineData("gb, FR", new[] { "IN" }, new[] { "GB", "FR" })]
    public void AllowedCountries_DefaultIsUsCaAndEveryCountryWithASender(string? configured, string[] senders, string[] expected)
    {
        var sendersOptions = new SmsSendersOptions();
        foreach (var key in senders)
        {
            sendersOptions.Senders[key] = new SenderOptions { From = "+15005550006" };
        }

        var allowed = CountryAllowList.Resolve(new SmsOptions { AllowedCountries = configured }, sendersOptions);

        Assert.Equal(expected.Order(StringComparer.Ordinal), allowed.Order(StringComparer.Ordinal));
        Assert.DoesNotContain("default", allowed);
    }

    [Theory]
    [InlineData("US,XX", "Sms:AllowedCountries: 'XX' is not an ISO 3166 country code")]
    [InlineData("USA", "Sms:AllowedCountries: 'USA' is not an ISO 3166 country code")]
    [InlineData(" , ", "Sms:AllowedCountries is set but names no country")]
    public void AllowedCountries_Invalid_FailsNamingTheKey(string value, string message)
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Resolve(("Sms:AllowedCountries", value)));

        Assert.Contains(failure.Failures, f => f.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void SmsOptions_Defaults_SmartEncodingOn_NoCountryList()
    {
        var options = Resolve();

        Assert.True(options.SmartEncoding);
        Assert.Null(options.AllowedCountries);
    }

    private static SmsOptions Resolve(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        using var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddSmsOptions().BuildServiceProvider();
        return services.GetRequiredService<IOptions<SmsOptions>>().Value;
    }
}
