using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Notifications.Core.Consent;
using Notifications.Core.Programs;

namespace Notifications.UnitTests;

/// <summary>Double opt-in: the gate's rule for a confirmation message, its text, its expiry, its setting.</summary>
public sealed class ConsentRequestRulesTests
{
    private const string In = PurposeState.OptedIn;
    private const string Revoked = PurposeState.Revoked;
    private const string None = PurposeState.None;

    [Theory]
    // suppressed, transactional, marketing, verdict
    [InlineData(false, None, None, ConsentVerdict.Allowed)]
    [InlineData(false, In, None, ConsentVerdict.Allowed)]
    [InlineData(false, None, In, ConsentVerdict.Allowed)]
    [InlineData(false, Revoked, None, ConsentVerdict.Allowed)]
    [InlineData(false, In, Revoked, ConsentVerdict.Allowed)]
    [InlineData(false, Revoked, Revoked, ConsentVerdict.NoConsent)]
    [InlineData(true, None, None, ConsentVerdict.Suppressed)]
    [InlineData(true, In, In, ConsentVerdict.Suppressed)]
    [InlineData(true, Revoked, Revoked, ConsentVerdict.Suppressed)]
    public void DecideConfirmation_AllowsThePromptUnlessTheNumberOptedOut(bool suppressed, string transactional, string marketing, ConsentVerdict expected)
    {
        Assert.Equal(expected, ConsentDecision.DecideConfirmation(suppressed, transactional, marketing));
    }

    [Fact]
    public void NumberConsent_OnlyThePendingConfirmationMessage_IsDecidedAsAConfirmation()
    {
        var confirmation = Guid.NewGuid();
        var consent = new NumberConsent(Suppressed: false, None, None, confirmation);

        Assert.Equal(ConsentVerdict.Allowed, consent.Decide(confirmation, ConsentPurpose.Transactional, overrideOptIn: false));
        Assert.Equal(ConsentVerdict.NoConsent, consent.Decide(Guid.NewGuid(), ConsentPurpose.Transactional, overrideOptIn: false));
        Assert.Equal(ConsentVerdict.NoConsent, new NumberConsent(false, None, None).Decide(confirmation, ConsentPurpose.Transactional, overrideOptIn: false));
        Assert.Equal(ConsentVerdict.Suppressed, new NumberConsent(true, None, None, confirmation).Decide(confirmation, ConsentPurpose.Transactional, overrideOptIn: false));
    }

    [Theory]
    [InlineData(ConsentPurpose.Marketing, "marketing text messages")]
    [InlineData(ConsentPurpose.Transactional, "account text messages")]
    public void Text_Unset_IsBuiltFromTheBrand_WithEveryCtiaDisclosure(string purpose, string what)
    {
        var program = new ProgramOptions { BrandName = "Clinic Care", SupportContact = "help@clinic.example", MessageFrequency = "Up to 4 msgs/month" };

        var text = ConsentRequestText.For(program, purpose);

        Assert.StartsWith("Clinic Care:", text, StringComparison.Ordinal);
        Assert.Contains(what, text, StringComparison.Ordinal);
        Assert.Contains("Up to 4 msgs/month", text, StringComparison.Ordinal);
        Assert.Contains("Msg & data rates may apply", text, StringComparison.Ordinal);
        Assert.Contains("Reply YES to confirm, STOP to cancel", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_Configured_IsSentAsWritten()
    {
        var program = new ProgramOptions { BrandName = "Clinic Care", SupportContact = "x", ConfirmationMessage = "Clinic Care: reply YES for reminders. STOP to end." };

        Assert.Equal("Clinic Care: reply YES for reminders. STOP to end.", ConsentRequestText.For(program, ConsentPurpose.Marketing));
    }

    [Fact]
    public void StatusAt_PendingPastItsWindow_IsExpired_ConfirmedStaysConfirmed()
    {
        var created = new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
        var request = new ConsentRequest
        {
            Program = "default", Phone = "+15005550006", Purpose = ConsentPurpose.Marketing, Source = ConsentSource.WebForm,
            RequestedBy = "tests", ConfirmationText = "x", CreatedAt = created, ExpiresAt = created.AddHours(24),
        };

        Assert.Equal(ConsentRequestStatus.Pending, request.StatusAt(created.AddHours(23)));
        Assert.Equal(ConsentRequestStatus.Expired, request.StatusAt(created.AddHours(24)));

        request.Status = ConsentRequestStatus.Confirmed;
        Assert.Equal(ConsentRequestStatus.Confirmed, request.StatusAt(created.AddDays(3)));
    }

    [Fact]
    public void ConfirmationWindow_Default_Is24Hours()
    {
        Assert.Equal(TimeSpan.FromHours(24), Resolve().ConfirmationWindow);
    }

    [Theory]
    [InlineData("00:00:30")]
    [InlineData("8.00:00:00")]
    [InlineData("-01:00:00")]
    public void ConfirmationWindow_OutOfRange_FailsNamingTheKey(string value)
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Resolve(("Consent:ConfirmationWindow", value)));

        Assert.Contains(failure.Failures, f => f.Contains("Consent:ConfirmationWindow must be between", StringComparison.Ordinal));
    }

    private static ConsentRequestOptions Resolve(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)))
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddConsentRequests();
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<ConsentRequestOptions>>().Value;
    }
}
