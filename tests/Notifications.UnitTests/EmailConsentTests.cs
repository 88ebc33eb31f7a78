using Notifications.Core.Consent;

namespace Notifications.UnitTests;

public sealed class EmailConsentTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Holds_MarketingOptInWithTheAddress_AnyCase()
    {
        Assert.True(EmailConsent.Holds([OptIn(1, 0, "Ana@Example.com")], "ana@example.COM"));
    }

    [Fact]
    public void Holds_NotForAnotherAddress_NorAnOptInWithoutOne()
    {
        Assert.False(EmailConsent.Holds([OptIn(1, 0, "ana@example.com")], "bob@example.com"));
        Assert.False(EmailConsent.Holds([OptIn(1, 0, null)], "ana@example.com"));
        Assert.False(EmailConsent.Holds([], "ana@example.com"));
    }

    [Fact]
    public void Holds_NotFromATransactionalEvent()
    {
        var transactional = OptIn(1, 0, "ana@example.com");
        transactional.Purpose = ConsentPurpose.Transactional;

        Assert.False(EmailConsent.Holds([transactional], "ana@example.com"));
    }

    [Fact]
    public void Holds_RevokedByALaterMarketingRevocation_UntilANewOptInNamesTheAddressAgain()
    {
        var revoked = new List<ConsentEvent> { OptIn(1, 0, "ana@example.com"), Revocation(2, 5) };
        Assert.False(EmailConsent.Holds(revoked, "ana@example.com"));

        // A re-opt-in without the address gives SMS consent back, not email consent.
        revoked.Add(OptIn(3, 10, null));
        Assert.False(EmailConsent.Holds(revoked, "ana@example.com"));

        revoked.Add(OptIn(4, 15, "ana@example.com"));
        Assert.True(EmailConsent.Holds(revoked, "ana@example.com"));
    }

    [Fact]
    public void Holds_ByWhenThingsHappened_NotTheOrderRecorded()
    {
        // The revocation happened after the opt-in, though recorded before it.
        Assert.False(EmailConsent.Holds([Revocation(1, 5), OptIn(2, 0, "ana@example.com")], "ana@example.com"));
    }

    private static ConsentEvent OptIn(long id, int minute, string? email) => new()
    {
        Id = id, Phone = "+14155550123", Purpose = ConsentPurpose.Marketing, Kind = ConsentEventKind.OptIn,
        OccurredAt = Start.AddMinutes(minute), RecordedAt = Start.AddMinutes(minute), Source = ConsentSource.WebForm, CapturedBy = "shop", Email = email,
    };

    private static ConsentEvent Revocation(long id, int minute) => new()
    {
        Id = id, Phone = "+14155550123", Purpose = ConsentPurpose.Marketing, Kind = ConsentEventKind.Revocation,
        OccurredAt = Start.AddMinutes(minute), RecordedAt = Start.AddMinutes(minute), Source = ConsentSource.Keyword, CapturedBy = ConsentLedger.SystemActor,
    };
}
