using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Notifications.Core.Privacy;
using Notifications.IntegrationTests.Infrastructure;
using Npgsql;
using StackExchange.Redis;

namespace Notifications.IntegrationTests.Defaults;

/// <summary>
/// The send path with the documented defaults of the settings the other stacks shorten: the first lookup of an
/// unanswered create (<c>Dispatch:LookupDelay</c> 5 s, <c>Dispatch:LookupAttempts</c> 3), the fallback lease
/// (<c>Dispatch:FallbackLease</c> 10 minutes), and a configured <c>Redis:NumberHashKey</c>.
/// </summary>
[Collection(DefaultsDefinition.Name)]
public sealed class DispatchDefaultsTests(DefaultsProcesses stack)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task DroppedCreateAnswer_DefaultLookupDelay_FirstLookupFiveSecondsAfterHandOver_OneSms()
    {
        // The simulator takes the first create to a number ending in 4999 and drops the connection before answering.
        var to = TestNumbers.Scenario("4999");
        await stack.ConsentAsync(to);
        var listsBefore = (await stack.StatsAsync()).GetProperty("messageLists").GetInt64();

        var id = await stack.SendAsync(new { to, body = "Your code is 2468" });
        await Eventually.UntilAsync(
            async () => (await stack.StatsAsync()).GetProperty("messageLists").GetInt64(),
            lists => lists > listsBefore,
            "the first lookup at Twilio's message list",
            TimeSpan.FromSeconds(60),
            TimeSpan.FromMilliseconds(50));
        var firstLookupSeen = DateTimeOffset.UtcNow;

        var created = Assert.Single(await stack.SimulatorMessagesAsync(to));
        var handOver = created.GetProperty("dateCreated").GetDateTimeOffset();
        var wait = firstLookupSeen - handOver;
        Assert.True(wait >= TimeSpan.FromSeconds(4.8), $"the first lookup came {wait.TotalSeconds:0.00} s after the hand-over, sooner than the default 5 s");
        Assert.True(wait < TimeSpan.FromSeconds(14), $"the first lookup came {wait.TotalSeconds:0.00} s after the hand-over, not about 5 s (the second is due at 15 s)");

        var message = await stack.WaitForMessageAsync(
            id, m => m.GetProperty("status").GetString() == "delivered" && DefaultsProcesses.Timeline(m).Contains("resolved"), "resolved by the lookup and delivered", Patience);
        Assert.Contains("ambiguous", DefaultsProcesses.Timeline(message));
        Assert.Single(message.GetProperty("attempts").EnumerateArray());
        Assert.Single(await stack.SimulatorMessagesAsync(to));
        Assert.Equal(created.GetProperty("sid").GetString(), message.GetProperty("providerSid").GetString());
    }

    [Fact]
    public async Task FallbackSlowerThanSeveralRecoverySweeps_DefaultLease_SentOnce()
    {
        var email = $"lease-default-{Guid.NewGuid():N}@example.com";
        var requestsBefore = (await stack.StatsAsync()).GetProperty("emailRequests").GetInt64();

        // 21211 at Twilio: the create fails for good and the fallback is requested; SendGrid answers after 6 s,
        // while the recovery sweep runs every 2 s.
        var id = await stack.SendAsync(new { to = "+15005550001", body = "Your parcel is waiting", fallbackEmail = email, overrideOptIn = true });
        await stack.WaitForMessageAsync(id, m => DefaultsProcesses.Timeline(m).Contains("fallback_sent"), "the fallback sent", Patience);

        // Long enough for a second job, had the sweep handed the fallback over, to have been answered too.
        await Task.Delay(DefaultsProcesses.SendGridLatency + TimeSpan.FromSeconds(5));
        Assert.Single(await stack.SimulatorEmailsAsync(email));
        Assert.Equal(1, (await stack.StatsAsync()).GetProperty("emailRequests").GetInt64() - requestsBefore);
        Assert.Single(DefaultsProcesses.Timeline(await stack.MessageAsync(id)), t => t == "fallback_sent");
    }

    [Fact]
    public async Task ConfiguredNumberHashKey_SendStopAndSuppressionCacheUseIt()
    {
        var phone = TestNumbers.Delivered();
        await stack.ConsentAsync(phone);
        var sent = await stack.SendAsync(new { to = phone, body = "Configured hash key" });
        await stack.WaitForMessageAsync(sent, m => m.GetProperty("status").GetString() == "delivered", "the first send delivered", Patience);

        Assert.Equal(HttpStatusCode.OK, (await PostInboundAsync(phone, "STOP", "SM" + Guid.NewGuid().ToString("N"))).StatusCode);

        // The suppression cache holds the number's hash under the configured secret.
        var protector = new NumberProtector(Convert.FromBase64String(DefaultsProcesses.NumberHashKey));
        await using (var redis = await ConnectionMultiplexer.ConnectAsync(stack.Redis.Endpoint))
        {
            await Eventually.UntilAsync(
                async () => await redis.GetDatabase().SetContainsAsync("suppression:numbers", protector.Hash(phone)),
                "the STOP in the suppression cache under the configured key",
                TimeSpan.FromSeconds(30));
        }

        // A later send is refused, at the api or by the worker.
        using var api = stack.ApiClient();
        var again = await api.PostAsJsonAsync("/api/messages", new { to = phone, body = "After STOP" });
        if (again.StatusCode == HttpStatusCode.Accepted)
        {
            var id = (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            await stack.WaitForMessageAsync(id, m => m.GetProperty("status").GetString() == "suppressed", "the send after STOP suppressed", Patience);
        }
        else
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        }

        Assert.Single(await stack.SimulatorMessagesAsync(phone));

        // No secret was generated into PostgreSQL: the configured one is used.
        await using var db = new NpgsqlConnection(stack.Postgres.ConnectionString);
        await db.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM number_hash_keys", db);
        Assert.Equal(0L, (long)(await count.ExecuteScalarAsync())!);
    }

    private async Task<HttpResponseMessage> PostInboundAsync(string from, string body, string sid)
    {
        const string path = "/api/webhooks/twilio/inbound";
        var form = new Dictionary<string, string>
        {
            ["AccountSid"] = "AC0123456789abcdef0123456789abcdef",
            ["Body"] = body,
            ["From"] = from,
            ["MessageSid"] = sid,
            ["To"] = ServiceEnvironment.FromNumber,
        };
        using var client = new HttpClient { BaseAddress = stack.Api.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("X-Twilio-Signature", TwilioSigner.Sign(Outages.ServiceProcesses.AuthToken, stack.Api.BaseUrl.GetLeftPart(UriPartial.Authority) + path, form));
        request.Headers.Add("I-Twilio-Idempotency-Token", Guid.NewGuid().ToString());
        return await client.SendAsync(request);
    }
}
