using Notifications.Core.Consent;

namespace Notifications.UnitTests;

public sealed class ConsentEventHashTests
{
    // The example of docs/compliance/tcpa-controls.md, computed independently of this code.
    private const string FirstHash = "09237b44704b687449a1055a3e93a223fa99faa42f93180430643f47ffd673e9";
    private const string SecondHash = "74d9ae87c135f88f584d0d695bd97fcade87af915e3e1ca461b392417ba15d83";

    // The same first event with Email "ana@example.com" (the v2 example of docs/compliance/tcpa-controls.md).
    private const string WithEmailHash = "515fb37e9963b9085f9c5fc4d234c6557d91f6db8c943547fb4d09fc7886d8b8";

    [Fact]
    public void Canonical_IsTheDocumentedBytes()
    {
        Assert.Equal(
            "consent-event-v1\n1:1\n7:default\n12:+14155550123\n9:marketing\n6:opt_in\n16:1796032800123456\n16:1796032801000000\n8:web-form\n"
            + "31:https://shop.example.com/signup\n19:Yes, text me. Café\n-\n-\n12:203.0.113.10\n-\n4:shop\n-\n-",
            ConsentEventHash.Canonical(First(), null));
        Assert.Equal(FirstHash, ConsentEventHash.Compute(First(), null));
        Assert.Equal(SecondHash, ConsentEventHash.Compute(Second(), FirstHash));
    }

    [Fact]
    public void Canonical_WithEmail_IsTheDocumentedV2Bytes_WithoutEmail_StaysV1()
    {
        var withEmail = First();
        withEmail.Email = "ana@example.com";

        Assert.Equal(
            "consent-event-v2\n1:1\n7:default\n12:+14155550123\n9:marketing\n6:opt_in\n16:1796032800123456\n16:1796032801000000\n8:web-form\n"
            + "31:https://shop.example.com/signup\n19:Yes, text me. Café\n-\n-\n12:203.0.113.10\n-\n4:shop\n-\n15:ana@example.com\n-",
            ConsentEventHash.Canonical(withEmail, null));
        Assert.Equal(WithEmailHash, ConsentEventHash.Compute(withEmail, null));

        // An event without an email hashes as it did before the field existed.
        Assert.Equal(FirstHash, ConsentEventHash.Compute(First(), null));
    }

    [Fact]
    public void FirstBroken_EmailEditedAddedOrRemoved_NamesTheEvent()
    {
        var withEmail = First();
        withEmail.Email = "ana@example.com";
        withEmail.Hash = WithEmailHash;
        Assert.Null(ConsentEventHash.FirstBroken([withEmail]));

        withEmail.Email = "ana@example.org";
        Assert.Equal(1, ConsentEventHash.FirstBroken([withEmail]));

        var added = First();
        added.Email = "ana@example.com";
        Assert.Equal(1, ConsentEventHash.FirstBroken([added, Second()]));

        var removed = First();
        removed.Hash = WithEmailHash;
        Assert.Equal(1, ConsentEventHash.FirstBroken([removed]));
    }

    [Fact]
    public void FirstBroken_IntactChain_IsNull()
    {
        Assert.Null(ConsentEventHash.FirstBroken([Second(), First()]));
    }

    [Fact]
    public void FirstBroken_EditedField_NamesTheEvent()
    {
        var edited = First();
        edited.IpAddress = "203.0.113.11";

        Assert.Equal(1, ConsentEventHash.FirstBroken([edited, Second()]));
    }

    [Fact]
    public void FirstBroken_RemovedEvent_NamesTheNext()
    {
        Assert.Equal(2, ConsentEventHash.FirstBroken([Second()]));
    }

    [Fact]
    public void FirstBroken_NullVersusEmpty_AreDifferentEvidence()
    {
        var emptied = First();
        emptied.Note = string.Empty;

        Assert.Equal(1, ConsentEventHash.FirstBroken([emptied, Second()]));
    }

    [Fact]
    public void CurrentState_OlderOptInRecordedAfterARevocation_LeavesItRevoked_ANewerOneOptsIn()
    {
        var revocation = Second();
        var lateOlderOptIn = First();
        lateOlderOptIn.Id = 3;
        lateOlderOptIn.OccurredAt = revocation.OccurredAt.AddMinutes(-5);

        Assert.Equal(PurposeState.Revoked, ConsentLedger.CurrentState([First(), revocation, lateOlderOptIn])[ConsentPurpose.Marketing].Status);

        var newer = First();
        newer.Id = 4;
        newer.OccurredAt = revocation.OccurredAt.AddSeconds(1);
        Assert.Equal(PurposeState.OptedIn, ConsentLedger.CurrentState([First(), revocation, lateOlderOptIn, newer])[ConsentPurpose.Marketing].Status);
    }

    [Theory]
    [InlineData(-11, false)]
    [InlineData(-9, true)]
    [InlineData(0, true)]
    [InlineData(4, true)]
    [InlineData(6, false)]
    public void CaptureTimeProblem_AllowsTenMinutesBackAndFiveAhead(int minutes, bool allowed)
    {
        var now = new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);

        Assert.Equal(allowed, ConsentLedger.CaptureTimeProblem(now.AddMinutes(minutes), now) is null);
    }

    private static ConsentEvent First() => new()
    {
        Id = 1,
        Phone = "+14155550123",
        Purpose = ConsentPurpose.Marketing,
        Kind = ConsentEventKind.OptIn,
        OccurredAt = new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero).AddTicks(1234560),
        RecordedAt = new DateTimeOffset(2026, 11, 30, 10, 0, 1, TimeSpan.Zero),
        Source = ConsentSource.WebForm,
        SourceUrl = "https://shop.example.com/signup",
        OptInMessage = "Yes, text me. Café",
        IpAddress = "203.0.113.10",
        CapturedBy = "shop",
        Hash = FirstHash,
    };

    private static ConsentEvent Second() => new()
    {
        Id = 2,
        Phone = "+14155550123",
        Purpose = ConsentPurpose.Marketing,
        Kind = ConsentEventKind.Revocation,
        OccurredAt = new DateTimeOffset(2026, 11, 30, 11, 0, 0, TimeSpan.Zero),
        RecordedAt = new DateTimeOffset(2026, 11, 30, 11, 0, 0, TimeSpan.Zero),
        Source = ConsentSource.Keyword,
        TextReceived = "STOP",
        CapturedBy = ConsentLedger.SystemActor,
        PreviousHash = FirstHash,
        Hash = SecondHash,
    };
}
