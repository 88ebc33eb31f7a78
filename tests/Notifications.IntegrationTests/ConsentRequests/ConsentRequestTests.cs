using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Notifications.IntegrationTests.Infrastructure;
using Npgsql;

namespace Notifications.IntegrationTests.ConsentRequests;

/// <summary>
/// Double opt-in through the whole stack: the request, the confirmation SMS as the simulator's handset receives it, the
/// handset's YES through Twilio's signed webhook, and what the consent gate lets out before and after.
/// </summary>
public sealed class ConsentRequestTests(ConsentRequestsFixture stack) : IClassFixture<ConsentRequestsFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Request_ConfirmedByYesFromTheHandset_RecordsTheOptInWithTheReplyAsEvidence_AndMarketingGoesOut()
    {
        var phone = TestNumbers.Delivered();
        var blockedBefore = await SendMarketingAsync(phone);
        await WaitForStatusAsync(blockedBefore, s => s == "no_consent");

        using var api = stack.Api();
        var response = await api.PostAsJsonAsync("/api/consents/requests", WebForm(phone, "marketing"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = accepted.GetProperty("id").GetGuid();
        Assert.Equal("pending", accepted.GetProperty("status").GetString());
        Assert.Equal($"/api/consents/requests/{id}", response.Headers.Location?.OriginalString);

        var prompt = await WaitForSmsAsync(phone);
        var text = prompt.GetProperty("body").GetString()!;
        Assert.StartsWith(ConsentRequestsFixture.Brand + ":", text, StringComparison.Ordinal);
        Assert.Contains("Msg & data rates may apply", text, StringComparison.Ordinal);
        Assert.Contains("Reply YES to confirm, STOP to cancel", text, StringComparison.Ordinal);
        var sender = prompt.GetProperty("from").GetString()!;

        var (twiml, sid) = await ReplyFromHandsetAsync(phone, sender, "YES");

        Assert.Contains("You are subscribed", twiml, StringComparison.Ordinal);
        var request = await api.GetFromJsonAsync<JsonElement>($"/api/consents/requests/{id}");
        Assert.Equal("confirmed", request.GetProperty("status").GetString());
        Assert.Equal(phone, request.GetProperty("phone").GetString());
        Assert.Equal("marketing", request.GetProperty("purpose").GetString());
        Assert.Equal(JsonValueKind.String, request.GetProperty("confirmedAt").ValueKind);

        var consent = await api.GetFromJsonAsync<JsonElement>($"/api/consents/{Uri.EscapeDataString(phone)}");
        Assert.Equal("opted_in", consent.GetProperty("purposes").GetProperty("marketing").GetProperty("status").GetString());
        var optIn = Assert.Single(consent.GetProperty("events").EnumerateArray(), e => e.GetProperty("purpose").GetString() == "marketing");
        Assert.Equal(sid, optIn.GetProperty("inboundMessageSid").GetString());
        Assert.Equal("YES", optIn.GetProperty("textReceived").GetString());
        Assert.Equal(text, optIn.GetProperty("optInMessage").GetString());
        Assert.Equal("web-form", optIn.GetProperty("source").GetString());
        Assert.Equal("https://shop.example.com/join", optIn.GetProperty("sourceUrl").GetString());
        Assert.Equal("203.0.113.7", optIn.GetProperty("ipAddress").GetString());

        var marketing = await SendMarketingAsync(phone);
        await WaitForStatusAsync(marketing, s => s is "sent" or "delivered");
    }

    [Fact]
    public async Task Yes_WithNothingPending_RecordsNoMarketingConsent()
    {
        var phone = TestNumbers.Delivered();

        await ReplyFromHandsetAsync(phone, "+15005550006", "YES");

        using var api = stack.Api();
        // Nothing pending and nothing to resume: no consent of any purpose, the number is unknown to the program.
        var consent = await api.GetAsync(new Uri($"/api/consents/{Uri.EscapeDataString(phone)}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, consent.StatusCode);
        var blocked = await SendMarketingAsync(phone);
        await WaitForStatusAsync(blocked, s => s == "no_consent");
    }

    [Fact]
    public async Task Request_ForASuppressedNumber_SendsNoConfirmationSms()
    {
        var phone = TestNumbers.Delivered();
        using var api = stack.Api();
        (await api.PostAsJsonAsync($"/api/consents/{Uri.EscapeDataString(phone)}/revoke", new { reason = "asked by phone" })).EnsureSuccessStatusCode();

        var response = await api.PostAsJsonAsync("/api/consents/requests", WebForm(phone, "marketing"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var confirmation = await ConfirmationMessageAsync(id);
        await WaitForStatusAsync(confirmation, s => s == "suppressed");
        Assert.Empty(await SimulatorMessagesAsync(phone));
    }

    [Fact]
    public async Task Request_RepeatedWithinTheWindow_IsTheSameRequest_AndOneSms_AnotherPurposeIsConflict()
    {
        var phone = TestNumbers.Delivered();
        using var api = stack.Api();

        var first = await api.PostAsJsonAsync("/api/consents/requests", WebForm(phone, "marketing"));
        var second = await api.PostAsJsonAsync("/api/consents/requests", WebForm(phone, "marketing"));
        var other = await api.PostAsJsonAsync("/api/consents/requests", WebForm(phone, "transactional"));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.Equal(
            (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid(),
            (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        Assert.Equal("application/problem+json", other.Content.Headers.ContentType?.MediaType);

        await WaitForSmsAsync(phone);
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Single(await SimulatorMessagesAsync(phone));
    }

    [Fact]
    public async Task Request_WithTheDefaultWindow_ExpiresAfter24Hours()
    {
        using var api = stack.Api();
        var response = await api.PostAsJsonAsync("/api/consents/requests", WebForm(TestNumbers.Delivered(), "transactional"));
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var request = await api.GetFromJsonAsync<JsonElement>($"/api/consents/requests/{id}");

        Assert.Equal("pending", request.GetProperty("status").GetString());
        Assert.Equal(TimeSpan.FromHours(24), request.GetProperty("expiresAt").GetDateTimeOffset() - request.GetProperty("createdAt").GetDateTimeOffset());
        Assert.Equal(JsonValueKind.Null, request.GetProperty("confirmedAt").ValueKind);
    }

    [Fact]
    public async Task Request_OfAnotherProgram_IsNotFound()
    {
        using var api = stack.Api();
        using var clinic = stack.Api(ConsentRequestsFixture.ClinicKey);
        var response = await api.PostAsJsonAsync("/api/consents/requests", WebForm(TestNumbers.Delivered(), "marketing"));
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var fromClinic = await clinic.GetAsync($"/api/consents/requests/{id}");
        var fromOwner = await api.GetAsync($"/api/consents/requests/{id}");

        Assert.Equal(HttpStatusCode.NotFound, fromClinic.StatusCode);
        Assert.Equal(HttpStatusCode.OK, fromOwner.StatusCode);
    }

    [Fact]
    public async Task Request_InAnotherProgram_SendsThatProgramsPrompt()
    {
        var phone = TestNumbers.Delivered();
        using var clinic = stack.Api(ConsentRequestsFixture.ClinicKey);

        var response = await clinic.PostAsJsonAsync("/api/consents/requests", WebForm(phone, "marketing"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var prompt = await WaitForSmsAsync(phone);
        Assert.StartsWith("Clinic Care:", prompt.GetProperty("body").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Request_WithoutConsentWrite_IsForbiddenNamingTheScope()
    {
        using var reader = stack.Api(ConsentRequestsFixture.ReaderKey);

        var response = await reader.PostAsJsonAsync("/api/consents/requests", WebForm(TestNumbers.Delivered(), "marketing"));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("consent:write", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"purpose\":\"marketing\",\"source\":\"api\"}", "phone")]
    [InlineData("{\"phone\":\"+14155550100\",\"purpose\":\"sales\",\"source\":\"api\"}", "purpose")]
    [InlineData("{\"phone\":\"+14155550100\",\"purpose\":\"marketing\",\"source\":\"fax\"}", "source")]
    [InlineData("{\"phone\":\"+14155550100\",\"purpose\":\"marketing\",\"source\":\"web-form\"}", "sourceUrl")]
    [InlineData("{\"phone\":\"+14155550100\",\"purpose\":\"marketing\",\"source\":\"api\",\"ipAddress\":\"nope\"}", "ipAddress")]
    public async Task Request_Invalid_IsProblemNamingTheField(string json, string field)
    {
        using var api = stack.Api();

        var response = await api.PostAsync("/api/consents/requests", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors should name {field}");
    }

    private static object WebForm(string phone, string purpose) => new
    {
        phone, purpose, source = "web-form", sourceUrl = "https://shop.example.com/join", ipAddress = "203.0.113.7", userAgent = "Mozilla/5.0 (tests)",
    };

    private async Task<Guid> SendMarketingAsync(string to)
    {
        using var client = stack.Api();
        var response = await client.PostAsJsonAsync("/api/messages", new { to, body = "20% off this week", purpose = "marketing" });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private async Task<Guid> ConfirmationMessageAsync(Guid requestId)
    {
        await using var db = new NpgsqlConnection(await stack.DatabaseAsync());
        await db.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT confirmation_message_id FROM consent_requests WHERE id = $1", db);
        command.Parameters.AddWithValue(requestId);
        return (Guid)(await command.ExecuteScalarAsync())!;
    }

    private async Task<(string Twiml, string Sid)> ReplyFromHandsetAsync(string phone, string to, string body)
    {
        using var simulator = stack.Simulator();
        var response = await simulator.PostAsJsonAsync("/simulator/inbound", new { from = phone, to, body });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sid = Assert.Single(response.Headers.GetValues("X-Simulator-Message-Sid"));
        return (await response.Content.ReadAsStringAsync(), sid);
    }

    private async Task WaitForStatusAsync(Guid id, Func<string?, bool> done)
    {
        using var client = stack.Api();
        await Eventually.UntilAsync(() => client.GetFromJsonAsync<JsonElement>($"/api/messages/{id}"), m => done(m.GetProperty("status").GetString()),
            $"message {id} to get there", Patience, TimeSpan.FromMilliseconds(200));
    }

    private async Task<JsonElement> WaitForSmsAsync(string phone)
    {
        var messages = await Eventually.UntilAsync(() => SimulatorMessagesAsync(phone), m => m.Count > 0,
            "the confirmation SMS to reach the handset", Patience, TimeSpan.FromMilliseconds(200));
        return messages[0];
    }

    private async Task<List<JsonElement>> SimulatorMessagesAsync(string to)
    {
        using var simulator = stack.Simulator();
        var list = await simulator.GetFromJsonAsync<JsonElement>($"/simulator/messages?to={Uri.EscapeDataString(to)}");
        return list.EnumerateArray().ToList();
    }
}
