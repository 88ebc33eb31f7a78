using System.Net.Http.Json;
using System.Text.Json;
using Notifications.IntegrationTests.Infrastructure;
using Twilio.Exceptions;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Types;

namespace Notifications.IntegrationTests.Simulator;

/// <summary>Run-time switches; this class owns its simulator because it changes global behaviour.</summary>
public sealed class SimulatorBehaviourTests(SimulatorFixture fixture) : IClassFixture<SimulatorFixture>, IAsyncLifetime
{
    private const string From = "+15005550006";

    public Task InitializeAsync() => SetBehaviourAsync(new { });

    public Task DisposeAsync() => SetBehaviourAsync(new { });

    [Fact]
    public async Task Callbacks_WithDuplicatesAndReordering_ArriveTwiceWithSameToken_FinalBeforeSent()
    {
        await SetBehaviourAsync(new { duplicateCallbackRate = 1.0, outOfOrderRate = 1.0 });

        var message = await MessageResource.CreateAsync(to: new PhoneNumber(TestNumbers.Delivered()), from: new PhoneNumber(From),
            body: "hi", statusCallback: fixture.StatusCallbackUrl, client: fixture.Twilio);

        var callbacks = await fixture.Receiver.WaitForAsync(r => r.Path == "/status" && r.Form["MessageSid"] == message.Sid, 4);
        var byStatus = callbacks.GroupBy(c => c.Form["MessageStatus"]).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(2, byStatus["sent"].Count);
        Assert.Equal(2, byStatus["delivered"].Count);
        Assert.Single(byStatus["sent"].Select(c => c.Headers["I-Twilio-Idempotency-Token"]).Distinct());
        Assert.True(byStatus["delivered"].Min(c => c.ReceivedAt) <= byStatus["sent"].Min(c => c.ReceivedAt));
    }

    [Fact]
    public async Task Callbacks_WithDelayJitter_ArriveSpreadAroundTheDelay()
    {
        // One message first, so that the simulator's first callback post (connection, compilation) is behind us.
        var warmUp = await MessageResource.CreateAsync(to: new PhoneNumber(TestNumbers.Delivered()), from: new PhoneNumber(From),
            body: "warm-up", statusCallback: fixture.StatusCallbackUrl, client: fixture.Twilio);
        await fixture.Receiver.WaitForAsync(r => r.Path == "/status" && r.Form["MessageSid"] == warmUp.Sid && r.Form["MessageStatus"] == "delivered", 1);
        await SetBehaviourAsync(new { sentDelay = "00:00:01", delayJitter = 0.5 });

        var created = await Task.WhenAll(Enumerable.Range(0, 16).Select(async _ =>
        {
            var message = await MessageResource.CreateAsync(to: new PhoneNumber(TestNumbers.Delivered()), from: new PhoneNumber(From),
                body: "spread", statusCallback: fixture.StatusCallbackUrl, client: fixture.Twilio);
            return (message.Sid, At: DateTimeOffset.UtcNow);
        }));

        var delays = await Task.WhenAll(created.Select(async c =>
        {
            var sent = await fixture.Receiver.WaitForAsync(r => r.Path == "/status" && r.Form["MessageSid"] == c.Sid && r.Form["MessageStatus"] == "sent", 1);
            return (sent[0].ReceivedAt - c.At).TotalMilliseconds;
        }));

        // Each delay is drawn between 500 and 1,500 ms; without jitter all 16 would land together (within the few
        // hundred ms a busy machine may hold the simulator's posts back).
        Assert.All(delays, d => Assert.InRange(d, 400, 4_000));
        Assert.True(delays.Max() - delays.Min() > 300, $"sent callbacks after {string.Join(", ", delays.Order().Select(d => $"{d:F0}"))} ms");
    }

    [Fact]
    public async Task Behaviour_WithJitterAboveOne_IsRefused()
    {
        var response = await fixture.Http.PutAsJsonAsync("/simulator/twilio/behaviour", new { sentDelay = "00:00:00.050", finalDelay = "00:00:00.100", delayJitter = 1.5 });

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("delayJitter", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_AboveConfiguredRate_AnswersSomeWith20429()
    {
        await SetBehaviourAsync(new { maxCreatesPerSecond = 5 });

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ =>
        {
            try
            {
                await MessageResource.CreateAsync(to: new PhoneNumber(TestNumbers.Delivered()), from: new PhoneNumber(From), body: "burst", client: fixture.Twilio);
                return 0;
            }
            catch (ApiException ex)
            {
                return ex.Code;
            }
        }));

        Assert.Contains(20429, outcomes);
        Assert.Contains(0, outcomes);
        Assert.All(outcomes, code => Assert.True(code is 0 or 20429));
    }

    [Fact]
    public async Task Create_WithServerErrors_AnswersEveryCreateWith503()
    {
        await SetBehaviourAsync(new { serverErrorRate = 1.0 });

        var error = await Assert.ThrowsAsync<ApiException>(() => MessageResource.CreateAsync(
            to: new PhoneNumber(TestNumbers.Delivered()), from: new PhoneNumber(From), body: "hi", client: fixture.Twilio));

        Assert.Equal(503, error.Status);
        Assert.Equal(20503, error.Code);
    }

    [Fact]
    public async Task Create_WithTooManyRequestsRate_AnswersEveryCreateWith429_AndCreatesNothing()
    {
        await SetBehaviourAsync(new { tooManyRequestsRate = 1.0 });
        var to = TestNumbers.Delivered();

        var error = await Assert.ThrowsAsync<ApiException>(() => MessageResource.CreateAsync(
            to: new PhoneNumber(to), from: new PhoneNumber(From), body: "hi", client: fixture.Twilio));

        Assert.Equal(429, error.Status);
        Assert.Equal(20429, error.Code);
        Assert.Empty(await fixture.Http.GetFromJsonAsync<List<JsonElement>>($"/simulator/messages?to={Uri.EscapeDataString(to)}") ?? []);
    }

    [Fact]
    public async Task Create_WithTooManyRequestsRateAtHalf_AnswersSomeWith429AndAcceptsOthers()
    {
        await SetBehaviourAsync(new { tooManyRequestsRate = 0.5 });

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 40).Select(async _ =>
        {
            try
            {
                await MessageResource.CreateAsync(to: new PhoneNumber(TestNumbers.Delivered()), from: new PhoneNumber(From), body: "half", client: fixture.Twilio);
                return 0;
            }
            catch (ApiException ex)
            {
                return ex.Code;
            }
        }));

        // 40 draws at one half: all 40 alike has a chance of 2 in a trillion.
        Assert.Contains(20429, outcomes);
        Assert.Contains(0, outcomes);
        Assert.All(outcomes, code => Assert.True(code is 0 or 20429));
    }

    [Fact]
    public async Task Create_WithDroppedAnswerRate_DropsTheConnection_ButTheMessageIsCreatedAndDelivered()
    {
        await SetBehaviourAsync(new { droppedAnswerRate = 1.0 });
        var to = TestNumbers.Delivered();

        await Assert.ThrowsAsync<ApiConnectionException>(() => MessageResource.CreateAsync(
            to: new PhoneNumber(to), from: new PhoneNumber(From), body: "answer lost", statusCallback: fixture.StatusCallbackUrl, client: fixture.Twilio));

        var created = Assert.Single(await fixture.Http.GetFromJsonAsync<List<JsonElement>>($"/simulator/messages?to={Uri.EscapeDataString(to)}") ?? []);
        Assert.Equal("answer lost", created.GetProperty("body").GetString());
        var sid = created.GetProperty("sid").GetString();
        await fixture.Receiver.WaitForAsync(r => r.Path == "/status" && r.Form["MessageSid"] == sid && r.Form["MessageStatus"] == "delivered", 1);
    }

    [Fact]
    public async Task Create_WithAnswerDelay_ListsTheMessageBeforeAnswering()
    {
        await SetBehaviourAsync(new { answerDelay = "00:00:03" });
        var to = TestNumbers.Delivered();

        var create = MessageResource.CreateAsync(to: new PhoneNumber(to), from: new PhoneNumber(From), body: "slow answer", client: fixture.Twilio);
        var listed = await Eventually.UntilAsync(
            async () => await fixture.Http.GetFromJsonAsync<List<JsonElement>>($"/simulator/messages?to={Uri.EscapeDataString(to)}") ?? [],
            messages => messages.Count == 1, "the message listed", TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(50));
        Assert.False(create.IsCompleted, "the create was answered before its delay");

        var answered = await create;
        Assert.Equal(listed[0].GetProperty("sid").GetString(), answered.Sid);
    }

    [Theory]
    [InlineData("tooManyRequestsRate")]
    [InlineData("droppedAnswerRate")]
    public async Task Behaviour_WithFaultRateAboveOne_IsRefused(string field)
    {
        var response = await fixture.Http.PutAsJsonAsync("/simulator/twilio/behaviour", new Dictionary<string, object> { [field] = 1.5 });

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private async Task SetBehaviourAsync(object overrides)
    {
        var defaults = new Dictionary<string, object>
        {
            ["sentDelay"] = "00:00:00.050",
            ["finalDelay"] = "00:00:00.100",
            ["duplicateCallbackRate"] = 0.0,
            ["outOfOrderRate"] = 0.0,
            ["maxCreatesPerSecond"] = 0,
            ["serverErrorRate"] = 0.0,
            ["addedLatency"] = "00:00:00",
            ["delayJitter"] = 0.0,
            ["tooManyRequestsRate"] = 0.0,
            ["droppedAnswerRate"] = 0.0,
            ["answerDelay"] = "00:00:00",
        };
        foreach (var property in overrides.GetType().GetProperties())
        {
            defaults[property.Name] = property.GetValue(overrides)!;
        }

        var response = await fixture.Http.PutAsJsonAsync("/simulator/twilio/behaviour", defaults);
        response.EnsureSuccessStatusCode();
    }
}
