using Notifications.Core.Messages;

namespace Notifications.UnitTests;

public sealed class MessageStatusOrderTests
{
    [Theory]
    [InlineData("queued", "sent", true)]
    [InlineData("sent", "delivered", true)]
    [InlineData("delivered", "sent", false)]
    [InlineData("undelivered", "delivered", false)]
    [InlineData("sent", "sent", false)]
    [InlineData("sending", "queued", false)]
    [InlineData("queued", "undelivered", true)]
    public void Advances_OnlyForward(string current, string reported, bool expected)
    {
        Assert.Equal(expected, MessageStatusOrder.Advances(current, reported));
    }
}
