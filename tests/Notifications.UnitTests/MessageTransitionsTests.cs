using Notifications.Core.Messages;

namespace Notifications.UnitTests;

public sealed class MessageTransitionsTests
{
    private const string New = "(new)";
    private const string None = "(none)";
    private const string X = "-"; // refused

    // Every (status, trigger) pair of a message. Columns in this order:
    private static readonly MessageTrigger[] MessageColumns =
    [
        MessageTrigger.Accept, MessageTrigger.Claim, MessageTrigger.HandOver, MessageTrigger.CreateFailed, MessageTrigger.CreateOptedOut,
        MessageTrigger.Retry, MessageTrigger.BlockSuppressed, MessageTrigger.BlockNoConsent, MessageTrigger.ReleaseClaim, MessageTrigger.NoReceipt,
        MessageTrigger.Expire, MessageTrigger.ReportQueued, MessageTrigger.ReportSending, MessageTrigger.ReportSent, MessageTrigger.ReportDelivered,
        MessageTrigger.ReportUndelivered, MessageTrigger.ReportFailed, MessageTrigger.ReportCanceled, MessageTrigger.Schedule, MessageTrigger.Defer,
    ];

    private static readonly Dictionary<string, string[]> ExpectedMessage = new()
    {
        //                Accept      Claim     HandOver  CreateFailed CreateOptedOut Retry     BlockSupp.    BlockNoCons.  ReleaseClaim NoReceipt Expire     RQueued   RSending   RSent   RDelivered   RUndelivered   RFailed   RCanceled  Schedule     Defer
        [New] = ["accepted", X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, "scheduled", X],
        ["accepted"] = [X, "queued", X, X, X, X, X, X, X, X, X, "queued", "sending", "sent", "delivered", "undelivered", "failed", "canceled", X, X],
        ["scheduled"] = [X, "queued", X, X, X, X, X, X, X, X, X, "queued", "sending", "sent", "delivered", "undelivered", "failed", "canceled", X, X],
        ["queued"] = [X, X, "queued", "failed", "suppressed", "accepted", "suppressed", "no_consent", "accepted", X, "expired", X, "sending", "sent", "delivered", "undelivered", "failed", "canceled", X, "scheduled"],
        ["sending"] = [X, X, X, X, X, "accepted", X, X, X, X, X, X, X, "sent", "delivered", "undelivered", "failed", "canceled", X, X],
        ["sent"] = [X, X, X, X, X, "accepted", X, X, X, "sent", X, X, X, X, "delivered", "undelivered", "failed", "canceled", X, X],
        ["delivered"] = [X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X],
        ["undelivered"] = [X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X],
        ["failed"] = [X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X],
        ["suppressed"] = [X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X],
        ["no_consent"] = [X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X],
        ["canceled"] = [X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X],
        ["expired"] = [X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X],
    };

    // Every (fallback status, trigger) pair. Columns in this order:
    private static readonly FallbackTrigger[] FallbackColumns =
        [FallbackTrigger.Request, FallbackTrigger.Send, FallbackTrigger.Deliver, FallbackTrigger.Bounce, FallbackTrigger.Drop, FallbackTrigger.Fail, FallbackTrigger.Withhold];

    private static readonly Dictionary<string, string[]> ExpectedFallback = new()
    {
        //             Request    Send    Deliver      Bounce     Drop       Fail      Withhold
        [None] = ["pending", X, X, X, X, X, X],
        ["pending"] = [X, "sent", "delivered", "bounced", "dropped", "failed", "failed"],
        ["sent"] = [X, X, "delivered", "bounced", "dropped", "failed", X],
        ["delivered"] = [X, X, X, X, X, X, X],
        ["bounced"] = [X, X, X, X, X, X, X],
        ["dropped"] = [X, X, X, X, X, X, X],
        ["failed"] = [X, X, X, X, X, X, X],
    };

    /// <summary>The full cross product: every status (and "not stored yet") with every trigger.</summary>
    public static TheoryData<string, MessageTrigger> MessagePairs()
    {
        var data = new TheoryData<string, MessageTrigger>();
        foreach (var from in MessageStatus.All.Prepend(New))
        {
            foreach (var trigger in Enum.GetValues<MessageTrigger>())
            {
                data.Add(from, trigger);
            }
        }

        return data;
    }

    /// <summary>The full cross product: every fallback status (and "none requested") with every trigger.</summary>
    public static TheoryData<string, FallbackTrigger> FallbackPairs()
    {
        var data = new TheoryData<string, FallbackTrigger>();
        foreach (var from in FallbackStatus.All.Prepend(None))
        {
            foreach (var trigger in Enum.GetValues<FallbackTrigger>())
            {
                data.Add(from, trigger);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(MessagePairs))]
    public void Next_Message_FollowsTheTable(string from, MessageTrigger trigger)
    {
        var expected = ExpectedMessage[from][Array.IndexOf(MessageColumns, trigger)];

        var actual = MessageTransitions.Next(from == New ? null : from, trigger);

        Assert.Equal(expected, actual.Allowed ? actual.To : X);
    }

    [Theory]
    [MemberData(nameof(FallbackPairs))]
    public void Next_Fallback_FollowsTheTable(string from, FallbackTrigger trigger)
    {
        var expected = ExpectedFallback[from][Array.IndexOf(FallbackColumns, trigger)];

        var actual = MessageTransitions.Next(from == None ? null : from, trigger);

        Assert.Equal(expected, actual.Allowed ? actual.To : X);
    }

    [Fact]
    public void ExpectedTables_CoverEveryStatusAndTrigger()
    {
        Assert.Equal(Enum.GetValues<MessageTrigger>().Order(), MessageColumns.Order());
        Assert.Equal(MessageStatus.All.Prepend(New).Order(), ExpectedMessage.Keys.Order());
        Assert.All(ExpectedMessage.Values, row => Assert.Equal(MessageColumns.Length, row.Length));
        Assert.Equal(Enum.GetValues<FallbackTrigger>().Order(), FallbackColumns.Order());
        Assert.Equal(FallbackStatus.All.Prepend(None).Order(), ExpectedFallback.Keys.Order());
        Assert.All(ExpectedFallback.Values, row => Assert.Equal(FallbackColumns.Length, row.Length));
    }

    [Theory]
    [MemberData(nameof(MessagePairs))]
    public void FromAndTo_AgreeWithNext_ForSetBasedSql(string from, MessageTrigger trigger)
    {
        var next = MessageTransitions.Next(from == New ? null : from, trigger);

        Assert.Equal(next.Allowed && from != New, MessageTransitions.From(trigger).Contains(from));
        if (next.Allowed)
        {
            Assert.Equal(MessageTransitions.To(trigger), next.To);
        }
    }

    [Theory]
    [MemberData(nameof(FallbackPairs))]
    public void FromAndTo_AgreeWithNext_ForFallbacks(string from, FallbackTrigger trigger)
    {
        var next = MessageTransitions.Next(from == None ? null : from, trigger);

        Assert.Equal(next.Allowed && from != None, MessageTransitions.From(trigger).Contains(from));
        if (next.Allowed)
        {
            Assert.Equal(MessageTransitions.To(trigger), next.To);
        }
    }

    [Theory]
    [MemberData(nameof(MessagePairs))]
    public void Report_MovesOnlyForwardByRank(string from, MessageTrigger trigger)
    {
        if (from == New || !trigger.ToString().StartsWith("Report", StringComparison.Ordinal))
        {
            return;
        }

        var reported = MessageTransitions.To(trigger);
        Assert.Equal(MessageTransitions.Rank(reported) > MessageTransitions.Rank(from), MessageTransitions.Next(from, trigger).Allowed);
        Assert.Equal(trigger, MessageTransitions.Report(reported));
    }

    [Theory]
    [InlineData("accepted", false)]
    [InlineData("queued", false)]
    [InlineData("sending", false)]
    [InlineData("sent", false)]
    [InlineData("delivered", true)]
    [InlineData("undelivered", true)]
    [InlineData("failed", true)]
    [InlineData("suppressed", true)]
    [InlineData("no_consent", true)]
    [InlineData("canceled", true)]
    [InlineData("expired", true)]
    public void IsFinal_OnlyForStatusesNothingMoves(string status, bool expected)
    {
        Assert.Equal(expected, MessageTransitions.IsFinal(status));
    }
}
