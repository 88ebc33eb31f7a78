using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Core.Inbound;
using Notifications.Core.Programs;
using Notifications.Core.Sms;
using Notifications.Core.Twilio;

namespace Notifications.UnitTests;

/// <summary>Which programs send from a number (the routing of an inbound STOP) and how a reply names their brands.</summary>
public sealed class ProgramRoutingTests
{
    private static readonly (string Key, string Value)[] ThreePrograms =
    [
        ("TWILIO_FROM_NUMBER", "+15005550006"),
        ("Sms:Senders:GB:From", "ACME"),
        ("Sms:Senders:CA:From", "+16135550100"),
        ("Sms:Program:BrandName", "Acme"),
        ("Programs:Clinic:BrandName", "Acme Clinic"),
        ("Programs:shop:BrandName", "Beta Shop"),
        ("Programs:shop:Senders:CA:From", "+16135550199"),
        ("Programs:pharmacy:BrandName", "Gamma Pharmacy"),
        ("Programs:pharmacy:Senders:default:From", "+15005550123"),
    ];

    [Theory]
    [InlineData("+15005550006", "default,clinic,shop")]
    [InlineData(" +15005550006 ", "default,clinic,shop")]
    [InlineData("+16135550100", "default,clinic,pharmacy")]
    [InlineData("+16135550199", "shop")]
    [InlineData("+15005550123", "pharmacy")]
    [InlineData("ACME", "default,clinic,pharmacy,shop")]
    public void ProgramsSendingFrom_AConfiguredNumber_IsEveryProgramWhoseEffectiveSendersHaveIt(string to, string expected)
    {
        var catalog = Catalog(ThreePrograms);

        Assert.Equal(expected.Split(','), catalog.ProgramsSendingFrom(to));
        Assert.Equal(expected.Split(','), catalog.ProgramsReachedAt(to));
    }

    [Fact]
    public void ProgramsSendingFrom_ANumberNoSenderHas_IsNull_AndReachesEveryProgram()
    {
        var catalog = Catalog(ThreePrograms);

        Assert.Null(catalog.ProgramsSendingFrom("+15005550177"));
        Assert.Equal(["default", "clinic", "pharmacy", "shop"], catalog.ProgramsReachedAt("+15005550177"));
    }

    [Fact]
    public void Catalog_WithNoSenderConfigured_StartsAndRoutesEveryNumberToEveryProgram()
    {
        var catalog = Catalog(("Sms:Program:BrandName", "Acme"), ("Programs:shop:BrandName", "Beta Shop"));

        Assert.Null(catalog.ProgramsSendingFrom("+15005550006"));
        Assert.Equal(["default", "shop"], catalog.ProgramsReachedAt("+15005550006"));
    }

    [Fact]
    public void SenderSelector_UsesTheProgramsEffectiveSenders()
    {
        using var provider = Services(ThreePrograms).AddSmsSenders().BuildServiceProvider();
        var selector = provider.GetRequiredService<SenderSelector>();

        Assert.Equal("+16135550199", selector.Select("shop", "CA")!.Options.From);
        Assert.Equal("+15005550006", selector.Select("shop", "US")!.Options.From);
        Assert.Equal("+15005550123", selector.Select("pharmacy", "US")!.Options.From);
        Assert.Equal("+16135550100", selector.Select("pharmacy", "CA")!.Options.From);
        Assert.Equal("ACME", selector.Select("clinic", "GB")!.Options.From);
    }

    [Theory]
    [InlineData("Acme", "Acme")]
    [InlineData("Acme|Beta", "Acme and Beta")]
    [InlineData("Acme|Beta|Gamma", "Acme, Beta and Gamma")]
    [InlineData("Acme|Acme|Beta", "Acme and Beta")]
    public void Brands_JoinsTheDistinctNames(string brands, string expected)
    {
        var programs = brands.Split('|').Select(b => new ProgramOptions { BrandName = b, SupportContact = "help@example.com" }).ToList();

        Assert.Equal(expected, InboundReplies.Brands(programs));
    }

    [Fact]
    public void Replies_ForOneProgram_AreThatProgramsTexts_AndForSeveral_OneMessageNamingEach()
    {
        var acme = new ProgramOptions { BrandName = "Acme Clinic", SupportContact = "help@clinic.example" };
        var beta = new ProgramOptions { BrandName = "Beta Shop", SupportContact = "help@shop.example", MessageFrequency = "Up to 4 msgs/month" };

        Assert.Equal(
            "Acme Clinic: You are unsubscribed and will receive no more messages. Reply START to resubscribe.",
            InboundReplies.OptOutText(acme));
        Assert.Equal(
            "Acme Clinic and Beta Shop: You are unsubscribed and will receive no more messages. Reply START to resubscribe.",
            InboundReplies.OptOutText([acme, beta]));
        Assert.Equal(
            "Acme Clinic: Help at help@clinic.example. Msg frequency varies. Beta Shop: Help at help@shop.example. Up to 4 msgs/month. "
            + "Msg & data rates may apply. Reply STOP to cancel.",
            InboundReplies.HelpText([acme, beta]));
        Assert.DoesNotContain("subscribed to", InboundReplies.NothingToResumeText([acme]), StringComparison.Ordinal);
    }

    private static ProgramCatalog Catalog(params (string Key, string Value)[] settings)
    {
        using var provider = Services(settings).AddPrograms().BuildServiceProvider();
        return provider.GetRequiredService<ProgramCatalog>();
    }

    private static ServiceCollection Services((string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)))
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        return services;
    }
}
