using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Notifications.IntegrationTests.Infrastructure;
using Npgsql;

namespace Notifications.IntegrationTests.SendPath;

/// <summary>Through the whole stack: API, two workers, simulator, real PostgreSQL and Redis.</summary>
public sealed class SendPathTests(SendPathFixture stack) : IClassFixture<SendPathFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ConsentedNumber_ReachesDelivered_AndIsSentOnce()
    {
        var to = TestNumbers.Delivered();
        await ConsentAsync(to);

        var id = await SendAsync(new { to, body = "Your order shipped" });

        // A status callback may overtake the create answer: the message can be delivered before the
        // worker records the hand-over, and the order of those entries varies.
        var message = await WaitForAsync(id, m => m.GetProperty("status").GetString() == "delivered"
            && m.GetProperty("timeline").EnumerateArray().Any(e => e.GetProperty("type").GetString() == "handed_over"));
        Assert.Single(message.GetProperty("attempts").EnumerateArray());
        Assert.Equal(["accepted", "handed_over", "status_callback", "status_callback"],
            message.GetProperty("timeline").EnumerateArray().Select(e => e.GetProperty("type").GetString()).Order(StringComparer.Ordinal));
        Assert.Single(await SimulatorMessagesAsync(to));
    }

    [Fact]
    public async Task WithoutConsent_EndsNoConsent_AndNothingReachesTwilio()
    {
        var to = TestNumbers.Delivered();

        var id = await SendAsync(new { to, body = "Hi", fallbackEmail = "someone@example.com" });

        var message = await WaitForStatusAsync(id, "no_consent");
        Assert.Contains(message.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("type").GetString() == "blocked");
        Assert.Equal(JsonValueKind.Null, message.GetProperty("fallback").ValueKind);
        Assert.Empty(await SimulatorMessagesAsync(to));
    }

    [Fact]
    public async Task SuppressedNumber_EndsSuppressed()
    {
        var to = TestNumbers.Delivered();
        await ConsentAsync(to);
        using var simulator = stack.Simulator();
        var stop = await simulator.PostAsJsonAsync("/simulator/inbound", new { from = to, to = "+15005550006", body = "STOP" });
        Assert.Contains("unsubscribed", await stop.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var id = await SendAsync(new { to, body = "Hi", overrideOptIn = true });

        await WaitForStatusAsync(id, "suppressed");
        Assert.Empty(await SimulatorMessagesAsync(to));
    }

    [Fact]
    public async Task InvalidNumberAtTwilio_FallsBackToEmail_WithReason21211()
    {
        var email = $"fallback-{Guid.NewGuid():N}@example.com";

        var id = await SendAsync(new { to = "+15005550001", body = "Your code is 424242", overrideOptIn = true, fallbackEmail = email, emailSubject = "Your code" });

        var message = await WaitForAsync(id, m => m.GetProperty("fallback").ValueKind == JsonValueKind.Object
            && m.GetProperty("fallback").GetProperty("status").GetString() is "sent" or "delivered");
        Assert.Equal("failed", message.GetProperty("status").GetString());
        Assert.Equal(21211, message.GetProperty("errorCode").GetInt32());
        Assert.Equal("21211", message.GetProperty("fallback").GetProperty("reason").GetString());
        using var simulator = stack.Simulator();
        var emails = await simulator.GetFromJsonAsync<JsonElement>($"/simulator/emails?to={Uri.EscapeDataString(email)}");
        var sent = Assert.Single(emails.EnumerateArray());
        Assert.Equal("Your code", sent.GetProperty("subject").GetString());
        Assert.Equal("Your code is 424242", sent.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Undelivered30006_FromTheCarrier_LeadsToTheFallbackEmail()
    {
        var to = TestNumbers.Scenario("3006");
        await ConsentAsync(to);
        var email = $"landline-{Guid.NewGuid():N}@example.com";

        var id = await SendAsync(new { to, body = "Your code is 777", fallbackEmail = email });

        var message = await WaitForAsync(id, m => m.GetProperty("fallback").ValueKind == JsonValueKind.Object
            && m.GetProperty("fallback").GetProperty("status").GetString() == "delivered");
        Assert.Equal("undelivered", message.GetProperty("status").GetString());
        Assert.Equal(30006, message.GetProperty("errorCode").GetInt32());
        Assert.Equal("30006", message.GetProperty("fallback").GetProperty("reason").GetString());
        using var simulator = stack.Simulator();
        var emails = await simulator.GetFromJsonAsync<JsonElement>($"/simulator/emails?to={Uri.EscapeDataString(email)}");
        Assert.Single(emails.EnumerateArray());
    }

    [Fact]
    public async Task DuplicatedAndReorderedCallbacksFromTheSimulator_LeaveEveryMessageDelivered()
    {
        using var simulator = stack.Simulator();
        var behaviour = await simulator.GetFromJsonAsync<JsonElement>("/simulator/twilio/behaviour");
        var chaotic = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(behaviour.GetRawText())!;
        chaotic["duplicateCallbackRate"] = JsonSerializer.SerializeToElement(1.0);
        chaotic["outOfOrderRate"] = JsonSerializer.SerializeToElement(1.0);
        (await simulator.PutAsJsonAsync("/simulator/twilio/behaviour", chaotic)).EnsureSuccessStatusCode();
        try
        {
            var sent = new List<(Guid Id, string To)>();
            for (var i = 0; i < 10; i++)
            {
                var to = TestNumbers.Delivered();
                sent.Add((await SendAsync(new { to, body = "Chaos", overrideOptIn = true }), to));
            }

            var ids = sent.Select(s => s.Id).ToList();

            static List<string?> Callbacks(JsonElement m) => m.GetProperty("timeline").EnumerateArray()
                .Where(e => e.GetProperty("type").GetString() == "status_callback").Select(e => e.GetProperty("status").GetString()).ToList();

            foreach (var id in ids)
            {
                // Each callback arrives twice and "sent" comes after "delivered": the duplicates are kept once,
                // and the late "sent" is recorded without moving the status back.
                var message = await WaitForAsync(id, m => Callbacks(m).Count == 2);
                Assert.Equal(["delivered", "sent"], Callbacks(message));
                Assert.Equal("delivered", message.GetProperty("status").GetString());
            }

            // Any duplicate would show up as a third entry: wait until the simulator has had every one of
            // its four posts per message (two statuses, each twice) answered, which the API does once it
            // has committed the callback.
            foreach (var (_, to) in sent)
            {
                await Eventually.UntilAsync(
                    async () => Assert.Single(await SimulatorMessagesAsync(to)).GetProperty("callbacks").EnumerateArray()
                        .Count(c => c.GetProperty("httpStatus").ValueKind == JsonValueKind.Number),
                    answered => answered == 4, $"the simulator's four callback posts for {to} answered", Patience);
            }

            using var client = stack.Api();
            foreach (var id in ids)
            {
                Assert.Equal(2, Callbacks(await client.GetFromJsonAsync<JsonElement>($"/api/messages/{id}")).Count);
            }
        }
        finally
        {
            (await simulator.PutAsJsonAsync("/simulator/twilio/behaviour", behaviour)).EnsureSuccessStatusCode();
        }
    }

    [Fact]
    public async Task CountryNeedingARegisteredSender_WithNoneConfigured_GoesToTheFallback_NotToTwilio()
    {
        var to = "+233241234567"; // Ghana: only pre-registered alphanumeric senders; none configured
        var email = $"gh-{Guid.NewGuid():N}@example.com";

        var id = await SendAsync(new { to, body = "Akwaaba", overrideOptIn = true, fallbackEmail = email });

        var message = await WaitForAsync(id, m => m.GetProperty("fallback").ValueKind == JsonValueKind.Object
            && m.GetProperty("fallback").GetProperty("status").GetString() is "sent" or "delivered");
        Assert.Equal("failed", message.GetProperty("status").GetString());
        Assert.Equal("no_registered_sender:GH", message.GetProperty("fallback").GetProperty("reason").GetString());
        Assert.Empty(message.GetProperty("attempts").EnumerateArray());
        Assert.Empty(await SimulatorMessagesAsync(to));
    }

    [Fact]
    public async Task RateLimitedCreate_IsRetried_AndDeliveredWithOneSend()
    {
        var to = TestNumbers.Scenario("4429");
        await ConsentAsync(to);

        var id = await SendAsync(new { to, body = "Retry me" });

        var message = await WaitForStatusAsync(id, "delivered");
        var attempts = message.GetProperty("attempts").EnumerateArray().ToList();
        Assert.Equal(2, attempts.Count);
        Assert.Equal(20429, attempts[0].GetProperty("errorCode").GetInt32());
        Assert.Contains(message.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("type").GetString() == "retry_scheduled");
        Assert.Single(await SimulatorMessagesAsync(to));
    }

    [Fact]
    public async Task AmbiguousCreate_IsResolvedByLookup_NotResent()
    {
        var to = TestNumbers.Scenario("4999");
        await ConsentAsync(to);

        var id = await SendAsync(new { to, body = "Dropped connection" });

        var message = await WaitForStatusAsync(id, "delivered");
        Assert.Contains(message.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("type").GetString() == "ambiguous");
        Assert.Single(await SimulatorMessagesAsync(to));
    }

    [Fact]
    public async Task IdempotencyKey_ReplayReturnsFirstResponse_OtherBodyIs422()
    {
        var to = TestNumbers.Delivered();
        var key = Guid.NewGuid().ToString();
        using var client = stack.Api();

        var first = await PostWithKeyAsync(client, key, new { to, body = "Once", overrideOptIn = true });
        var replay = await PostWithKeyAsync(client, key, new { to, body = "Once", overrideOptIn = true });
        var other = await PostWithKeyAsync(client, key, new { to, body = "Something else", overrideOptIn = true });

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await replay.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.Location, replay.Headers.Location);
        Assert.Equal((HttpStatusCode)422, other.StatusCode);
        await using var db = new NpgsqlConnection(await stack.DatabaseAsync());
        await db.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM messages WHERE \"to\" = $1", db) { Parameters = { new() { Value = to } } };
        Assert.Equal(1L, await count.ExecuteScalarAsync());
    }

    [Fact]
    public async Task IdempotencyKey_SentConcurrently_AcceptsOneMessage_OthersReplayOrAre409()
    {
        var to = TestNumbers.Delivered();
        var key = Guid.NewGuid().ToString();
        using var client = stack.Api();

        // Concurrent requests land in the same group commit or in different ones: both must hold.
        var responses = await Task.WhenAll(Enumerable.Range(0, 20)
            .Select(_ => PostWithKeyAsync(client, key, new { to, body = "Only once", overrideOptIn = true })));

        var accepted = responses.Where(r => r.StatusCode == HttpStatusCode.Accepted).ToList();
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Accepted, HttpStatusCode.Conflict }));
        Assert.NotEmpty(accepted);
        var ids = await Task.WhenAll(accepted.Select(async r => (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid()));
        Assert.Single(ids.Distinct());
        foreach (var conflict in responses.Where(r => r.StatusCode == HttpStatusCode.Conflict))
        {
            Assert.Equal("application/problem+json", conflict.Content.Headers.ContentType?.MediaType);
        }

        await using var db = new NpgsqlConnection(await stack.DatabaseAsync());
        await db.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM messages WHERE \"to\" = $1", db) { Parameters = { new() { Value = to } } };
        Assert.Equal(1L, await count.ExecuteScalarAsync());
    }

    [Theory]
    [InlineData("to", "4155550123")]
    [InlineData("body", "")]
    [InlineData("purpose", "spam")]
    [InlineData("fallbackEmail", "not-an-email")]
    [InlineData("sendAt", "2020-01-01T00:00:00Z")]
    public async Task SendMessage_WithBadField_Is400NamingIt(string field, string value)
    {
        var body = new Dictionary<string, object?> { ["to"] = TestNumbers.Delivered(), ["body"] = "Hi", [field] = value };
        using var client = stack.Api();

        var response = await client.PostAsJsonAsync("/api/messages", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task OverrideOptIn_OnMarketing_Is400()
    {
        using var client = stack.Api();

        var response = await client.PostAsJsonAsync("/api/messages", new { to = TestNumbers.Delivered(), body = "Sale!", purpose = "marketing", overrideOptIn = true });

        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty("overrideOptIn", out _));
    }

    [Fact]
    public async Task AnotherApp_CannotSeeTheMessage()
    {
        var id = await SendAsync(new { to = TestNumbers.Delivered(), body = "Mine", overrideOptIn = true });
        using var other = stack.Api("other-app-key-0000001");

        var response = await other.GetAsync(new Uri($"/api/messages/{id}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task TwoWorkers_Share2000Messages_WithNoDoubleSend()
    {
        var numbers = Enumerable.Range(0, 2000).Select(_ => TestNumbers.Delivered()).ToList();
        using var client = stack.Api();
        var ids = new List<Guid>();
        foreach (var chunk in numbers.Chunk(1000))
        {
            var response = await client.PostAsJsonAsync("/api/messages/batch", new { messages = chunk.Select(to => new { to, body = "Bulk", overrideOptIn = true }) });
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            var results = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(1000, results.GetProperty("accepted").GetInt32());
            ids.AddRange(results.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("id").GetGuid()));
        }

        await using var db = new NpgsqlConnection(await stack.DatabaseAsync());
        await db.OpenAsync();
        await Eventually.UntilAsync(
            async () =>
            {
                await using var count = new NpgsqlCommand("SELECT count(*) FROM messages WHERE id = ANY($1) AND status = 'delivered'", db) { Parameters = { new() { Value = ids.ToArray() } } };
                return (long)(await count.ExecuteScalarAsync())!;
            },
            delivered => delivered == ids.Count, $"all {ids.Count} messages delivered", TimeSpan.FromMinutes(3), TimeSpan.FromMilliseconds(500));

        using var simulator = stack.Simulator();
        var sent = await simulator.GetFromJsonAsync<JsonElement>("/simulator/messages?limit=100000");
        var ours = numbers.ToHashSet();
        var perNumber = sent.EnumerateArray().Select(m => m.GetProperty("to").GetString()!).Where(ours.Contains).GroupBy(n => n).ToList();
        Assert.Equal(2000, perNumber.Count);
        Assert.All(perNumber, g => Assert.Single(g));
    }

    [Fact]
    public async Task Confirm_IsOnTheTimelineOnce_ReachesTwilioAsMessageFeedback_AndTheReportCountsIt()
    {
        var to = TestNumbers.Delivered();
        await ConsentAsync(to);
        var id = await SendAsync(new { to, body = "Your code is 482913" });
        await WaitForStatusAsync(id, "delivered");

        using var client = stack.Api();
        var first = await client.PostAsync(new Uri($"/api/messages/{id}/confirm", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var confirmedAt = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("confirmedAt").GetDateTimeOffset();
        var again = await client.PostAsync(new Uri($"/api/messages/{id}/confirm", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(confirmedAt, (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("confirmedAt").GetDateTimeOffset());

        var message = await client.GetFromJsonAsync<JsonElement>($"/api/messages/{id}");
        Assert.Single(message.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("type").GetString() == "confirmed");

        // The worker reports it to Twilio's Message Feedback resource (a recurring job every 30 s).
        await Eventually.UntilAsync(
            async () => (await SimulatorMessagesAsync(to)).Single(), m => m.GetProperty("feedbackOutcome").GetString() == "confirmed",
            "the confirmation to reach Twilio's Message Feedback", TimeSpan.FromSeconds(120), TimeSpan.FromSeconds(1));

        var day = confirmedAt.UtcDateTime.Date;
        var report = await client.GetFromJsonAsync<JsonElement>(
            $"/api/reports/channel-reliability?from={day:yyyy-MM-dd}T00:00:00Z&to={day.AddDays(1):yyyy-MM-dd}T00:00:00Z&groupBy=day");
        var totals = report.GetProperty("totals");
        Assert.True(totals.GetProperty("confirmed").GetInt32() >= 1);
        Assert.InRange(totals.GetProperty("confirmedRate").GetDouble(), 0.0001, 1);
    }

    [Fact]
    public async Task Confirm_AnotherAppsMessage_Is404_AndAMessageNeverHandedToTwilio_Is409()
    {
        var to = TestNumbers.Delivered();
        await ConsentAsync(to);
        var sent = await SendAsync(new { to, body = "Your code is 100200" });
        await WaitForStatusAsync(sent, "delivered");
        var blocked = await SendAsync(new { to = TestNumbers.Delivered(), body = "No consent for this one" });
        await WaitForStatusAsync(blocked, "no_consent");

        using var other = stack.Api("other-app-key-0000001");
        var foreign = await other.PostAsync(new Uri($"/api/messages/{sent}/confirm", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        using var client = stack.Api();
        var unsent = await client.PostAsync(new Uri($"/api/messages/{blocked}/confirm", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Conflict, unsent.StatusCode);
        Assert.Equal("application/problem+json", unsent.Content.Headers.ContentType?.MediaType);
        var message = await client.GetFromJsonAsync<JsonElement>($"/api/messages/{sent}");
        Assert.DoesNotContain(message.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("type").GetString() == "confirmed");
    }

    private async Task ConsentAsync(string phone)
    {
        using var client = stack.Api();
        var response = await client.PostAsJsonAsync("/api/consents", new
        {
            phone, purpose = "transactional", source = "api", optInMessage = "Yes, text me order updates.", capturedAt = DateTimeOffset.UtcNow.AddMinutes(-1),
        });
        response.EnsureSuccessStatusCode();
    }

    private async Task<Guid> SendAsync(object body)
    {
        using var client = stack.Api();
        var response = await client.PostAsJsonAsync("/api/messages", body);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("accepted", accepted.GetProperty("status").GetString());
        return accepted.GetProperty("id").GetGuid();
    }

    private static async Task<HttpResponseMessage> PostWithKeyAsync(HttpClient client, string key, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = JsonContent.Create(body) };
        request.Headers.Add("Idempotency-Key", key);
        return await client.SendAsync(request);
    }

    private Task<JsonElement> WaitForStatusAsync(Guid id, string status) =>
        WaitForAsync(id, m => m.GetProperty("status").GetString() == status);

    private async Task<JsonElement> WaitForAsync(Guid id, Func<JsonElement, bool> done)
    {
        using var client = stack.Api();
        return await Eventually.UntilAsync(() => client.GetFromJsonAsync<JsonElement>($"/api/messages/{id}"), done,
            $"message {id} to get there", Patience, TimeSpan.FromMilliseconds(200));
    }

    private async Task<List<JsonElement>> SimulatorMessagesAsync(string to)
    {
        using var simulator = stack.Simulator();
        var list = await simulator.GetFromJsonAsync<JsonElement>($"/simulator/messages?to={Uri.EscapeDataString(to)}");
        return list.EnumerateArray().ToList();
    }
}
