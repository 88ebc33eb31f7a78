using System.Text.Json;

namespace Notifications.IntegrationTests.Edges;

/// <summary>
/// Creates whose answer is lost after Twilio took the message (the simulator drops the connection on the
/// first create to a number ending in 4999, and its message list lags creates by two seconds, as Twilio's does).
/// </summary>
[Collection(EdgesDefinition.Name)]
public sealed class AmbiguousCreateTests(EdgesFixture stack)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task DroppedAnswer_ListLagging_IsResolvedByLookup_WithOneCreate()
    {
        var to = Infrastructure.TestNumbers.Scenario("4999");
        await stack.ConsentAsync(to);

        var ids = await stack.SendBatchAsync([new { to, body = "Your code is 1234" }]);

        // The delivery callbacks may record the SID before the lookup does.
        var message = (await stack.WaitForAllAsync(ids, m => m.GetProperty("status").GetString() == "delivered" && Timeline(m).Contains("resolved"), Patience))[0];
        Assert.Contains(Timeline(message), type => type == "ambiguous");
        Assert.Single(message.GetProperty("attempts").EnumerateArray());
        var created = Assert.Single(await stack.SimulatorMessagesAsync(to));
        Assert.Equal(created.GetProperty("sid").GetString(), message.GetProperty("providerSid").GetString());
    }

    [Fact]
    public async Task TwoIdenticalMessagesInFlight_OneAnswerDropped_EachKeepsItsOwnSid()
    {
        var to = Infrastructure.TestNumbers.Scenario("4999");
        await stack.ConsentAsync(to);

        var ids = await stack.SendBatchAsync([new { to, body = "Same words" }, new { to, body = "Same words" }]);

        var messages = await stack.WaitForStatusAsync(ids, "delivered", Patience);
        var created = await stack.SimulatorMessagesAsync(to);
        Assert.Equal(2, created.Count);
        Assert.Equal(
            created.Select(c => c.GetProperty("sid").GetString()).Order(StringComparer.Ordinal),
            messages.Select(m => m.GetProperty("providerSid").GetString()).Order(StringComparer.Ordinal));
        Assert.Single(messages, m => Timeline(m).Contains("ambiguous"));
        Assert.All(messages, m => Assert.Single(m.GetProperty("attempts").EnumerateArray()));
    }

    private static List<string?> Timeline(JsonElement message) =>
        message.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("type").GetString()).ToList();
}
