using System.Net.Http.Json;
using System.Text.Json;

namespace Notifications.IntegrationTests.Storms;

/// <summary>
/// Twilio refusing every create for a while, as in a provider incident: messages Twilio never processed
/// are retried within their budget (not a fixed count), the sender slows down while Twilio answers 429
/// (for every worker at once), and without Redis the workers share the sender's rate instead of each
/// taking all of it.
/// </summary>
[Collection(StormsDefinition.Name)]
public sealed class TwilioStormTests(StormProcesses stack) : IClassFixture<StormProcesses>
{
    private static readonly TimeSpan TooManyRequestsPhase = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan ServerErrorPhase = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Storm_429ThenServerErrors_EveryMessageDelivered_AndTheSenderSlowsDownMeanwhile()
    {
        await stack.SetTwilioBehaviourAsync(new { tooManyRequestsRate = 1.0, serverErrorRate = 0.0 });
        var stormStart = DateTimeOffset.UtcNow;
        var ids = new List<Guid>();
        try
        {
            ids.AddRange(await stack.AcceptAsync(150));
            await Task.Delay(TooManyRequestsPhase);
            await stack.SetTwilioBehaviourAsync(new { tooManyRequestsRate = 0.0, serverErrorRate = 1.0 });
            ids.AddRange(await stack.AcceptAsync(30));
            await Task.Delay(ServerErrorPhase);
        }
        finally
        {
            await stack.SetTwilioBehaviourAsync(new { tooManyRequestsRate = 0.0, serverErrorRate = 0.0 });
        }

        var stormEnd = DateTimeOffset.UtcNow;
        var calls = await stack.CreateCallsAsync(ids, stormStart, stormEnd);

        await Eventually.UntilAsync(
            () => stack.StatusCountsAsync(ids),
            counts => counts == $"delivered={ids.Count}",
            $"all {ids.Count} messages accepted during the storm delivered (none failed)",
            TimeSpan.FromMinutes(4),
            TimeSpan.FromSeconds(1));

        // A sender kept at its configured rate would have made a create call every 1/rate seconds all
        // through the storm (the 180 messages, retried every few seconds, always had some due). Halving on
        // 429 down to 1 message/s leaves a small fraction of that.
        var fixedRateCalls = StormProcesses.SenderRate * (stormEnd - stormStart).TotalSeconds;
        Assert.True(calls > 0, "no create call was made during the storm");
        Assert.True(calls < fixedRateCalls * 0.4, $"{calls} create calls during the storm; a sender at its fixed rate makes about {fixedRateCalls:F0}");
    }

    [Fact]
    public async Task RedisStopped_TwoWorkers_TogetherSendAtAboutTheSendersRate_NotTwiceIt()
    {
        await stack.Redis.StopAsync();
        try
        {
            // Let both workers find Redis gone before the load starts.
            await Task.Delay(TimeSpan.FromSeconds(3));
            var started = DateTimeOffset.UtcNow;
            var ids = new List<Guid>();
            // 60 messages a second offered, in small batches, for 10 s: more than both workers could send
            // at the full rate each, and batches claimed by both.
            while (DateTimeOffset.UtcNow - started < TimeSpan.FromSeconds(10))
            {
                ids.AddRange(await stack.AcceptAsync(30));
                await Task.Delay(500);
            }

            await Eventually.UntilAsync(
                () => stack.StatusCountsAsync(ids),
                counts => counts == $"delivered={ids.Count}",
                $"all {ids.Count} messages delivered without Redis",
                TimeSpan.FromMinutes(4),
                TimeSpan.FromSeconds(1));

            var created = await CreationTimesAsync(started);
            Assert.True(created.Count >= ids.Count, $"the simulator saw {created.Count} of {ids.Count} creates");
            // Each worker's bucket starts full (a second's burst): measure from the tenth second's worth on.
            var measured = created.Skip(2 * StormProcesses.SenderRate).ToList();
            var rate = (measured.Count - 1) / (measured[^1] - measured[0]).TotalSeconds;
            Assert.True(rate < StormProcesses.SenderRate * 1.4, $"the workers sent {rate:F1} messages/s together; the sender's rate is {StormProcesses.SenderRate}");
            Assert.True(rate > StormProcesses.SenderRate * 0.3, $"the workers sent only {rate:F1} messages/s together");
        }
        finally
        {
            await stack.Redis.StartAsync();
        }
    }

    private async Task<List<DateTimeOffset>> CreationTimesAsync(DateTimeOffset since)
    {
        using var simulator = stack.SimulatorClient();
        var messages = (await simulator.GetFromJsonAsync<JsonElement>("/simulator/messages?limit=100000"))!;
        return messages.EnumerateArray()
            .Where(m => m.GetProperty("body").GetString() == "Storm test")
            .Select(m => m.GetProperty("dateCreated").GetDateTimeOffset())
            .Where(at => at >= since)
            .Order()
            .ToList();
    }
}
