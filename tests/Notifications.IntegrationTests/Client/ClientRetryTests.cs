using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Client;
using Notifications.Client.Consent;
using Notifications.Client.Messages;
using Notifications.IntegrationTests.Infrastructure;

namespace Notifications.IntegrationTests.Client;

/// <summary>
/// The client's retry policy against the real api, through a scripted proxy: what is retried (503, 429 with a short
/// Retry-After, a refused connection, a keyed send that timed out), with the same Idempotency-Key so that the api keeps one
/// message; and what is not (500, a long Retry-After, a read that timed out).
/// </summary>
[Collection(ClientDefinition.Name)]
public sealed class ClientRetryTests(ClientProcesses stack)
{
    [Fact]
    public async Task Send_AnsweredByA503AfterTheApiAcceptedIt_RetriesWithTheSameKey_AndOneSmsGoesOut()
    {
        await using var proxy = await ScriptedProxy.StartAsync(stack.Api.BaseUrl);
        proxy.Then(ProxyStep.ForwardThenAnswer(503));
        await using var services = stack.ClientServices(proxy.BaseUrl, configure: FastRetries);
        var client = services.GetRequiredService<NotificationsClient>();
        var to = await ConsentedNumberAsync(client);
        var reference = $"retry-503-{Guid.NewGuid():N}";

        var accepted = await client.SendAsync(new SendMessageRequest { To = to, Body = "Your code is 123456", Reference = reference });

        var sends = proxy.Received.Where(r => r.Path == "/api/messages").ToList();
        Assert.Equal(2, sends.Count);
        Assert.Equal(32, sends[0].IdempotencyKey.Length);
        Assert.Equal(sends[0].IdempotencyKey, sends[1].IdempotencyKey);
        Assert.Equal(1, await stack.MessagesWithReferenceAsync(reference));
        var message = await Eventually.UntilAsync(
            () => client.GetMessageAsync(accepted.Id), m => m.Status == MessageStatuses.Delivered, "the message delivered", TimeSpan.FromSeconds(60));
        Assert.Equal(reference, message.Reference);
        using var simulator = stack.SimulatorClient();
        var handed = await simulator.GetFromJsonAsync<JsonElement>($"/simulator/messages?to={Uri.EscapeDataString(to)}&limit=100");
        Assert.Single(handed.EnumerateArray(), m => m.GetProperty("body").GetString()!.Contains("123456", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Send_429WithShortRetryAfter_WaitsThatLongAndRetries()
    {
        await using var proxy = await ScriptedProxy.StartAsync(stack.Api.BaseUrl);
        proxy.Then(ProxyStep.Answer(429, retryAfterSeconds: 2));
        await using var services = stack.ClientServices(proxy.BaseUrl);
        var client = services.GetRequiredService<NotificationsClient>();
        var to = await ConsentedNumberAsync(client);
        var reference = $"retry-429-{Guid.NewGuid():N}";

        var started = System.Diagnostics.Stopwatch.StartNew();
        var accepted = await client.SendAsync(new SendMessageRequest { To = to, Body = "Reminder", Reference = reference });

        Assert.True(started.Elapsed >= TimeSpan.FromSeconds(1.9), $"retried after {started.Elapsed}, before Retry-After");
        Assert.Equal(MessageStatuses.Accepted, accepted.Status);
        var sends = proxy.Received.Where(r => r.Path == "/api/messages").ToList();
        Assert.Equal(2, sends.Count);
        Assert.Equal(sends[0].IdempotencyKey, sends[1].IdempotencyKey);
        Assert.Equal(1, await stack.MessagesWithReferenceAsync(reference));
    }

    [Fact]
    public async Task Send_OverTheDailySegmentLimit_RetryAfterBeyondTheBound_ThrowsRateLimitedAtOnce()
    {
        await using var proxy = await ScriptedProxy.StartAsync(stack.Api.BaseUrl);
        await using var services = stack.ClientServices(proxy.BaseUrl, ClientProcesses.BudgetApp);
        var client = services.GetRequiredService<NotificationsClient>();
        var request = new SendMessageRequest { To = TestNumbers.Delivered(), Body = "x", OverrideOptIn = false };

        // The first segment fits the budget of 1; whatever became of it, the second is over the limit until 00:00 UTC.
        await client.SendAsync(request);
        var refused = await Assert.ThrowsAsync<NotificationsRateLimitedException>(() => client.SendAsync(request));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.RetryAfter);
        Assert.Contains("DailySegmentLimit", refused.Detail, StringComparison.Ordinal);
        // Retry-After runs to 00:00 UTC: beyond MaxRetryAfter (30 s) at any time but the last half minute of the day,
        // when the client may wait and try again.
        if (refused.RetryAfter > new NotificationsClientOptions().MaxRetryAfter)
        {
            Assert.Equal(2, proxy.Received.Count);
        }
    }

    [Fact]
    public async Task Send_ConnectionRefusedUntilTheApiListens_IsRetried_AndOneMessageIsAccepted()
    {
        var port = LoopbackPorts.Free();
        await using var services = stack.ClientServices(new Uri($"http://127.0.0.1:{port}"));
        var client = services.GetRequiredService<NotificationsClient>();
        string to;
        await using (var direct = stack.ClientServices())
        {
            to = await ConsentedNumberAsync(direct.GetRequiredService<NotificationsClient>());
        }

        var reference = $"retry-refused-{Guid.NewGuid():N}";

        var sending = client.SendAsync(new SendMessageRequest { To = to, Body = "Hello", Reference = reference });
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        await using var proxy = await ScriptedProxy.StartAsync(stack.Api.BaseUrl, port);
        var accepted = await sending;

        Assert.Equal(MessageStatuses.Accepted, accepted.Status);
        Assert.Single(proxy.Received);
        Assert.Equal(1, await stack.MessagesWithReferenceAsync(reference));
    }

    [Fact]
    public async Task Send_500_IsNotRetried()
    {
        await using var proxy = await ScriptedProxy.StartAsync(stack.Api.BaseUrl);
        proxy.Then(ProxyStep.Answer(500));
        await using var services = stack.ClientServices(proxy.BaseUrl, configure: FastRetries);
        var client = services.GetRequiredService<NotificationsClient>();

        var failure = await Assert.ThrowsAsync<NotificationsApiException>(
            () => client.SendAsync(new SendMessageRequest { To = TestNumbers.Delivered(), Body = "Hello" }));

        Assert.Equal(HttpStatusCode.InternalServerError, failure.StatusCode);
        Assert.Equal("From the proxy", failure.Title);
        Assert.Single(proxy.Received);
    }

    [Fact]
    public async Task Read_503_IsRetried()
    {
        await using var proxy = await ScriptedProxy.StartAsync(stack.Api.BaseUrl);
        proxy.Then(ProxyStep.Answer(503)).Then(ProxyStep.Answer(503, retryAfterSeconds: 0));
        await using var services = stack.ClientServices(proxy.BaseUrl, configure: FastRetries);
        var client = services.GetRequiredService<NotificationsClient>();

        await Assert.ThrowsAsync<NotificationsNotFoundException>(() => client.GetMessageAsync(Guid.NewGuid()));

        Assert.Equal(3, proxy.Received.Count);
    }

    [Fact]
    public async Task KeyedSend_TimedOutAfterItWasSent_IsRetriedWithTheSameKey_ButARead_IsNot()
    {
        await using var proxy = await ScriptedProxy.StartAsync(stack.Api.BaseUrl);
        proxy.Then(ProxyStep.ForwardSlowly(TimeSpan.FromSeconds(10)));
        await using var services = stack.ClientServices(proxy.BaseUrl, configure: options =>
        {
            FastRetries(options);
            options.AttemptTimeout = TimeSpan.FromSeconds(3);
        });
        var client = services.GetRequiredService<NotificationsClient>();
        var to = await ConsentedNumberAsync(client);
        var reference = $"retry-timeout-{Guid.NewGuid():N}";

        var accepted = await client.SendAsync(new SendMessageRequest { To = to, Body = "Hello", Reference = reference });

        var sends = proxy.Received.Where(r => r.Path == "/api/messages").ToList();
        Assert.Equal(2, sends.Count);
        Assert.Equal(sends[0].IdempotencyKey, sends[1].IdempotencyKey);
        Assert.Equal(1, await stack.MessagesWithReferenceAsync(reference));

        proxy.Then(ProxyStep.ForwardSlowly(TimeSpan.FromSeconds(10)));
        await Assert.ThrowsAsync<TimeoutException>(() => client.GetMessageAsync(accepted.Id));
        Assert.Single(proxy.Received, r => r.Method == "GET");
    }

    /// <summary>Retries after about 100 ms instead of the default second: the rules are the same.</summary>
    private static void FastRetries(NotificationsClientOptions options) => options.RetryBaseDelay = TimeSpan.FromMilliseconds(100);

    /// <summary>A new number with a transactional opt-in on record, through the client.</summary>
    internal static async Task<string> ConsentedNumberAsync(NotificationsClient client)
    {
        var phone = TestNumbers.Delivered();
        await client.RecordConsentAsync(new RecordConsentRequest
        {
            Phone = phone,
            Purpose = MessagePurposes.Transactional,
            Source = ConsentSources.Paper,
            OptInMessage = "Yes, text me about my appointments.",
            CapturedAt = DateTimeOffset.UtcNow.AddMinutes(-1),
        });
        return phone;
    }
}
