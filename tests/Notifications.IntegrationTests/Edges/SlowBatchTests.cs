using System.Net.Http.Json;
using System.Text.Json;
using Notifications.IntegrationTests.Infrastructure;

namespace Notifications.IntegrationTests.Edges;

/// <summary>Batches that take seconds to send (the sender takes <see cref="EdgesFixture.SenderRate"/> messages a second).</summary>
[Collection(EdgesDefinition.Name)]
public sealed class SlowBatchTests(EdgesFixture stack)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task StopWhileBatchIsSent_NoLaterCreateToThatNumber_ItsRestEndSuppressed()
    {
        var numbers = Enumerable.Range(0, 4).Select(_ => TestNumbers.Delivered()).ToList();
        foreach (var number in numbers)
        {
            await stack.ConsentAsync(number);
        }

        var stopper = numbers[0];
        var items = Enumerable.Range(0, 20).SelectMany(i => numbers.Select(to => (To: to, Body: $"Update {i}"))).ToList();
        var ids = await stack.SendBatchAsync(items.Select(m => (object)new { to = m.To, body = m.Body }));
        await Eventually.UntilAsync(async () => (await stack.SimulatorMessagesAsync(stopper)).Count >= 2, "two creates to the number that sends STOP", Patience);

        using (var simulator = stack.Simulator())
        {
            var stop = await simulator.PostAsJsonAsync("/simulator/inbound", new { from = stopper, to = "+15005550006", body = "STOP" });
            stop.EnsureSuccessStatusCode();
            Assert.Contains("unsubscribed", await stop.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var stopAnsweredAt = DateTimeOffset.UtcNow;
        var final = await stack.WaitForAllAsync(ids, m => m.GetProperty("status").GetString() is "delivered" or "suppressed", Patience);

        var createdForStopper = await stack.SimulatorMessagesAsync(stopper);
        Assert.All(createdForStopper, c => Assert.True(c.GetProperty("dateCreated").GetDateTimeOffset() <= stopAnsweredAt, "a create reached Twilio after the STOP was answered"));
        var stopperMessages = final.Where((_, i) => items[i].To == stopper).ToList();
        Assert.Equal(createdForStopper.Count, stopperMessages.Count(m => m.GetProperty("status").GetString() == "delivered"));
        Assert.Contains(stopperMessages, m => m.GetProperty("status").GetString() == "suppressed");
        Assert.All(stopperMessages.Where(m => m.GetProperty("status").GetString() == "suppressed"), m => Assert.Empty(m.GetProperty("attempts").EnumerateArray()));
        Assert.All(final.Where((_, i) => items[i].To != stopper), m => Assert.Equal("delivered", m.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task BatchOutlastingClaimTimeout_IsNeverReleasedToAnotherJob_EachMessageCreatedOnce()
    {
        // 60 messages take six seconds at the sender's rate: twice the three-second claim timeout.
        var numbers = Enumerable.Range(0, 60).Select(_ => TestNumbers.Delivered()).ToList();

        var ids = await stack.SendBatchAsync(numbers.Select(to => (object)new { to, body = "Long batch", overrideOptIn = true }));

        var final = await stack.WaitForStatusAsync(ids, "delivered", Patience);
        Assert.All(final, m => Assert.DoesNotContain(m.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("type").GetString() == "recovered"));
        Assert.All(final, m => Assert.Single(m.GetProperty("attempts").EnumerateArray()));
        foreach (var to in numbers)
        {
            Assert.Single(await stack.SimulatorMessagesAsync(to));
        }
    }
}
