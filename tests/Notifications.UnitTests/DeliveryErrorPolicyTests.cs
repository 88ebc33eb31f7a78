using Notifications.Core.Messages;
using Notifications.Core.Twilio;

namespace Notifications.UnitTests;

public sealed class DeliveryErrorPolicyTests
{
    [Theory]
    // code, attempts made, expected
    [InlineData(30001, 1, DeliveryAction.Retry)]
    [InlineData(30001, 3, DeliveryAction.Fallback)]
    [InlineData(30002, 1, DeliveryAction.ConfigurationAlert)]
    [InlineData(30003, 1, DeliveryAction.Retry)]
    [InlineData(30003, 2, DeliveryAction.Fallback)]
    [InlineData(30004, 1, DeliveryAction.Suppress)]
    [InlineData(30005, 1, DeliveryAction.Fallback)]
    [InlineData(30006, 1, DeliveryAction.Fallback)]
    [InlineData(30007, 1, DeliveryAction.Fallback)]
    [InlineData(30008, 1, DeliveryAction.Retry)]
    [InlineData(30008, 2, DeliveryAction.Fallback)]
    [InlineData(30017, 1, DeliveryAction.Retry)]
    [InlineData(30017, 3, DeliveryAction.Fallback)]
    [InlineData(30018, 1, DeliveryAction.ConfigurationAlert)]
    [InlineData(30022, 1, DeliveryAction.Retry)]
    [InlineData(30023, 1, DeliveryAction.Retry)]
    [InlineData(30024, 1, DeliveryAction.ConfigurationAlert)]
    [InlineData(30027, 1, DeliveryAction.Retry)]
    [InlineData(30032, 1, DeliveryAction.ConfigurationAlert)]
    [InlineData(30033, 1, DeliveryAction.ConfigurationAlert)]
    [InlineData(30034, 1, DeliveryAction.ConfigurationAlert)]
    [InlineData(30035, 1, DeliveryAction.ConfigurationAlert)]
    [InlineData(30036, 1, DeliveryAction.Fallback)]
    [InlineData(30450, 1, DeliveryAction.Retry)]
    [InlineData(30500, 1, DeliveryAction.Retry)]
    [InlineData(30500, 3, DeliveryAction.Fallback)]
    [InlineData(39999, 1, DeliveryAction.Fallback)]
    [InlineData(null, 1, DeliveryAction.Fallback)]
    public void Decide_FollowsThePolicyTable(int? code, int attemptsMade, DeliveryAction expected)
    {
        Assert.Equal(expected, DeliveryErrorPolicy.Decide(code, attemptsMade));
    }

    [Theory]
    [InlineData(DeliveryAction.Fallback, true)]
    [InlineData(DeliveryAction.ConfigurationAlert, true)]
    [InlineData(DeliveryAction.Retry, true)] // only reached when the retry cannot be made
    [InlineData(DeliveryAction.Suppress, false)]
    public void StartsFallback_EveryActionButSuppress(DeliveryAction action, bool expected)
    {
        Assert.Equal(expected, DeliveryErrorPolicy.StartsFallback(action));
    }

    [Fact]
    public void BlockedByRecipient30004_SuppressesAndStartsNoFallback()
    {
        var action = DeliveryErrorPolicy.Decide(30004, 1);

        Assert.Equal(DeliveryAction.Suppress, action);
        Assert.False(DeliveryErrorPolicy.StartsFallback(action));
    }

    [Theory]
    [InlineData(30005, "unknown_handset")]
    [InlineData(30006, "landline")]
    [InlineData(30004, null)] // a revocation, recorded as an opt-out instead
    [InlineData(30003, null)]
    [InlineData(null, null)]
    public void NumberFact_SuppressesOnlyForUnknownHandsetsAndLandlines_WhichStillFallBack(int? code, string? reason)
    {
        Assert.Equal(reason, DeliveryErrorPolicy.NumberFact(code));
        if (reason is not null)
        {
            Assert.True(DeliveryErrorPolicy.StartsFallback(DeliveryErrorPolicy.Decide(code, 1)));
        }
    }

    [Fact]
    public void Table_Retries30450AfterHalfAnHour()
    {
        Assert.Equal(TimeSpan.FromMinutes(30), DeliveryErrorPolicy.For(30450).RetryAfter);
    }
}
