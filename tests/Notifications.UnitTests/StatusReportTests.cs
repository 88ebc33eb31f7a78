using Notifications.Core.Messages;
using Notifications.Core.Twilio;

namespace Notifications.UnitTests;

public sealed class StatusReportTests
{
    [Theory]
    [InlineData("queued", "sent", true)]
    [InlineData("sent", "delivered", true)]
    [InlineData("delivered", "sent", false)]
    [InlineData("undelivered", "delivered", false)]
    [InlineData("sent", "sent", false)]
    [InlineData("sending", "queued", false)]
    [InlineData("queued", "undelivered", true)]
    [InlineData("sent", "accepted", false)] // not something a callback reports
    public void Report_AppliesOnlyForward(string current, string reported, bool expected)
    {
        Assert.Equal(expected, MessageTransitions.Report(reported) is { } trigger && MessageTransitions.Next(current, trigger).Allowed);
    }

    [Theory]
    [InlineData("accepted", "queued")]
    [InlineData("scheduled", "queued")]
    [InlineData("queued", "queued")]
    [InlineData("sending", "sending")]
    [InlineData("sent", "sent")]
    [InlineData("delivered", "delivered")]
    [InlineData("read", "delivered")]
    [InlineData("undelivered", "undelivered")]
    [InlineData("failed", "failed")]
    [InlineData("canceled", "canceled")]
    [InlineData("receiving", null)]
    [InlineData(null, null)]
    public void TwilioStatus_MapsOntoOurStatuses(string? twilio, string? expected)
    {
        Assert.Equal(expected, TwilioStatuses.ToMessageStatus(twilio));
    }
}
