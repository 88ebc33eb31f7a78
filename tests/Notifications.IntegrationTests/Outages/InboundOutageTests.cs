using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Notifications.Core.Consent;
using Notifications.IntegrationTests.Infrastructure;
using Npgsql;
using StackExchange.Redis;

namespace Notifications.IntegrationTests.Outages;

/// <summary>
/// An inbound STOP while PostgreSQL is down is answered with the opt-out reply, stops sends at once, and is
/// written to PostgreSQL once it is back; Redis never holds a readable phone number.
/// </summary>
public sealed class InboundOutageTests(OutageProcesses stack) : IClassFixture<OutageProcesses>
{
    private const string InboundPath = "/api/webhooks/twilio/inbound";

    [Fact]
    public async Task InboundStop_WhilePostgresIsDown_Answers200_BlocksSendsAfterRestart_AndIsRecordedOnce()
    {
        using var api = stack.ApiClient();
        var phone = TestNumbers.Delivered();
        await RecordOptInAsync(api, phone);
        var sid = "SM" + Guid.NewGuid().ToString("N");
        var token = Guid.NewGuid().ToString();

        await stack.Postgres.StopAsync();
        HttpResponseMessage stop;
        try
        {
            stop = await PostInboundAsync(phone, "STOP", sid, token);
            Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
            Assert.Equal("application/xml", stop.Content.Headers.ContentType?.MediaType);
            Assert.Contains("unsubscribed", await stop.Content.ReadAsStringAsync(), StringComparison.Ordinal);

            // Held in Redis meanwhile: the number is in no key or value, in any form.
            await AssertRedisHoldsNoNumberAsync([phone]);
        }
        finally
        {
            await stack.Postgres.StartAgainAsync();
        }

        // A send accepted right after the restart, before or after the held STOP is replayed, never reaches Twilio.
        var send = await Eventually.UntilAsync(
            () => api.PostAsJsonAsync("/api/messages", new { to = phone, body = "Sent after an opt-out during an outage" }),
            r => r.StatusCode != HttpStatusCode.ServiceUnavailable,
            "the api accepting sends again",
            TimeSpan.FromSeconds(60),
            TimeSpan.FromMilliseconds(200));
        if (send.StatusCode == HttpStatusCode.Accepted)
        {
            var id = (await send.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            await Eventually.UntilAsync(
                async () => (await api.GetFromJsonAsync<JsonElement>($"/api/messages/{id}")).GetProperty("status").GetString(),
                status => status == "suppressed",
                "the send refused as suppressed",
                TimeSpan.FromSeconds(60),
                TimeSpan.FromMilliseconds(200));
        }
        else
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, send.StatusCode);
        }

        // The revocation reaches PostgreSQL within seconds, with the inbound message as evidence.
        var state = await Eventually.UntilAsync(
            () => api.GetFromJsonAsync<JsonElement>($"/api/consents/{Uri.EscapeDataString(phone)}"),
            s => s.GetProperty("suppressed").GetBoolean()
                && s.GetProperty("purposes").GetProperty("transactional").GetProperty("status").GetString() == "revoked",
            "the held STOP replayed into PostgreSQL",
            TimeSpan.FromSeconds(30),
            TimeSpan.FromMilliseconds(200));
        Assert.Equal(sid, state.GetProperty("suppression").GetProperty("sourceMessageSid").GetString());
        var revocations = state.GetProperty("events").EnumerateArray().Where(e => e.GetProperty("kind").GetString() == "revocation").ToList();
        Assert.NotEmpty(revocations);
        Assert.All(revocations, e =>
        {
            Assert.Equal(sid, e.GetProperty("inboundMessageSid").GetString());
            Assert.Equal("STOP", e.GetProperty("textReceived").GetString());
        });

        // Twilio's duplicate of the same webhook after the restart: the same answer, nothing recorded twice.
        var duplicate = await PostInboundAsync(phone, "STOP", sid, token);
        Assert.Equal(HttpStatusCode.OK, duplicate.StatusCode);
        Assert.Contains("unsubscribed", await duplicate.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await Task.Delay(TimeSpan.FromSeconds(3)); // a pass or two of the replay
        Assert.Equal(ConsentPurpose.All.Count, await CountAsync("SELECT count(*) FROM consent_events WHERE phone = $1 AND kind = $2", phone, ConsentEventKind.Revocation));
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM inbound_messages WHERE message_sid = $1", sid));
        await AssertPendingEmptyAsync();

        using var simulator = new HttpClient { BaseAddress = stack.Simulator.BaseUrl };
        var atTwilio = await simulator.GetFromJsonAsync<JsonElement>($"/simulator/messages?to={Uri.EscapeDataString(phone)}&limit=1000");
        Assert.Empty(atTwilio.EnumerateArray());
    }

    [Fact]
    public async Task SendsConsentsAndStop_RedisHoldsNoPhoneNumber()
    {
        using var api = stack.ApiClient();
        var sent = TestNumbers.Delivered();
        var stopped = TestNumbers.Delivered();
        var revoked = TestNumbers.Delivered();
        foreach (var number in new[] { sent, stopped, revoked })
        {
            await RecordOptInAsync(api, number);
        }

        var revoke = await api.PostAsJsonAsync($"/api/consents/{Uri.EscapeDataString(revoked)}/revoke", new { reason = "asked by phone call" });
        Assert.True(revoke.IsSuccessStatusCode, $"revoked: {(int)revoke.StatusCode}");
        Assert.Equal(HttpStatusCode.OK, (await PostInboundAsync(stopped, "STOP", "SM" + Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString())).StatusCode);
        var ids = new List<Guid>();
        foreach (var number in new[] { sent, stopped, revoked, sent })
        {
            var response = await api.PostAsJsonAsync("/api/messages", new { to = number, body = "Redis privacy" });
            if (response.StatusCode == HttpStatusCode.Accepted)
            {
                ids.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
            }
        }

        foreach (var id in ids)
        {
            await Eventually.UntilAsync(
                async () => (await api.GetFromJsonAsync<JsonElement>($"/api/messages/{id}")).GetProperty("status").GetString(),
                status => status is "delivered" or "suppressed" or "no_consent",
                "each send settled",
                TimeSpan.FromSeconds(60),
                TimeSpan.FromMilliseconds(200));
        }

        await AssertRedisHoldsNoNumberAsync([sent, stopped, revoked]);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(stack.Redis.Endpoint);
        Assert.True(await redis.GetDatabase().SetLengthAsync("suppression:numbers") > 0, "the STOP reached the suppression set");
    }

    /// <summary>Reads every key and every value in Redis, whatever its type; none holds a number, with or without its plus.</summary>
    private async Task AssertRedisHoldsNoNumberAsync(IReadOnlyList<string> phones)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(stack.Redis.Endpoint + ",allowAdmin=true");
        var db = redis.GetDatabase();
        var texts = new List<string>();
        foreach (var key in redis.GetServer(redis.GetEndPoints()[0]).Keys(pattern: "*"))
        {
            texts.Add(key.ToString());
            switch (await db.KeyTypeAsync(key))
            {
                case RedisType.String:
                    texts.Add((await db.StringGetAsync(key)).ToString());
                    break;
                case RedisType.Set:
                    texts.AddRange((await db.SetMembersAsync(key)).Select(v => v.ToString()));
                    break;
                case RedisType.Hash:
                    texts.AddRange((await db.HashGetAllAsync(key)).Select(e => $"{e.Name}={e.Value}"));
                    break;
                case RedisType.List:
                    texts.AddRange((await db.ListRangeAsync(key)).Select(v => v.ToString()));
                    break;
                case RedisType.SortedSet:
                    texts.AddRange((await db.SortedSetRangeByRankAsync(key)).Select(v => v.ToString()));
                    break;
                case RedisType.Stream:
                    texts.AddRange((await db.StreamRangeAsync(key)).SelectMany(e => e.Values.Select(v => $"{v.Name}={v.Value}")));
                    break;
                default:
                    texts.Add($"unread type of {key}");
                    break;
            }
        }

        Assert.NotEmpty(texts);
        foreach (var phone in phones)
        {
            var digits = phone.TrimStart('+');
            Assert.DoesNotContain(texts, t => t.Contains(digits, StringComparison.Ordinal) || t.Contains(digits[1..], StringComparison.Ordinal));
        }
    }

    private async Task AssertPendingEmptyAsync()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(stack.Redis.Endpoint);
        await Eventually.UntilAsync(
            async () => await redis.GetDatabase().StreamLengthAsync("inbound:pending") == 0,
            "the held entry removed after it was recorded",
            TimeSpan.FromSeconds(30));
    }

    private async Task<long> CountAsync(string sql, params object[] values)
    {
        await using var db = new NpgsqlConnection(stack.Postgres.ConnectionString);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand(sql, db);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task<HttpResponseMessage> PostInboundAsync(string from, string body, string sid, string token)
    {
        var form = new Dictionary<string, string>
        {
            ["AccountSid"] = "AC0123456789abcdef0123456789abcdef",
            ["Body"] = body,
            ["From"] = from,
            ["MessageSid"] = sid,
            ["To"] = Notifications.Testing.ServiceEnvironment.FromNumber,
        };
        using var client = new HttpClient { BaseAddress = stack.Api.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Post, InboundPath) { Content = new FormUrlEncodedContent(form) };
        var url = stack.Api.BaseUrl.GetLeftPart(UriPartial.Authority) + InboundPath;
        request.Headers.Add("X-Twilio-Signature", TwilioSigner.Sign(ServiceProcesses.AuthToken, url, form));
        request.Headers.Add("I-Twilio-Idempotency-Token", token);
        return await client.SendAsync(request);
    }

    private static async Task RecordOptInAsync(HttpClient api, string phone)
    {
        var recorded = await api.PostAsJsonAsync("/api/consents", new
        {
            phone, purpose = "transactional", source = "api", optInMessage = "Yes, text me order updates.", capturedAt = DateTimeOffset.UtcNow.AddMinutes(-1),
        });
        Assert.True(recorded.IsSuccessStatusCode, $"consent recorded: {(int)recorded.StatusCode}");
    }
}
