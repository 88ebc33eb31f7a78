using Notifications.Core.Sms;
using Notifications.Core.Twilio;

namespace Notifications.UnitTests;

public sealed class CreateErrorPolicyTests
{
    [Theory]
    [InlineData(429, 20429, CreateErrorAction.Retry)]
    [InlineData(500, 20500, CreateErrorAction.Retry)]
    [InlineData(503, null, CreateErrorAction.Retry)]
    [InlineData(400, 21611, CreateErrorAction.Retry)]
    [InlineData(400, 21610, CreateErrorAction.Suppress)]
    [InlineData(400, 21211, CreateErrorAction.Fallback)]
    [InlineData(400, 21612, CreateErrorAction.Fallback)]
    [InlineData(400, 21614, CreateErrorAction.Fallback)]
    [InlineData(400, 21408, CreateErrorAction.ConfigurationAlert)]
    [InlineData(401, 20003, CreateErrorAction.ConfigurationAlert)]
    [InlineData(400, 21602, CreateErrorAction.Fallback)]
    public void Classify_FollowsTheCreateErrorTable(int status, int? code, CreateErrorAction expected)
    {
        Assert.Equal(expected, CreateErrorPolicy.Classify(status, code));
    }
}
