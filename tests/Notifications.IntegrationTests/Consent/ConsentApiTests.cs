using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Notifications.IntegrationTests.Infrastructure;
using Npgsql;

namespace Notifications.IntegrationTests.Consent;

[Collection(ServicesDefinition.Name)]
public sealed class ConsentApiTests(ServicesFixture services) : IAsyncLifetime
{
    private readonly ApiFactory _api = new(services);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task RecordConsent_WithEvidence_Is201_AndNormalisesThePhone()
    {
        var phone = TestNumbers.Delivered();
        var formatted = $"{phone[..2]} ({phone[2..5]}) {phone[5..8]}-{phone[8..]}";
        using var client = _api.CreateAppClient();

        var response = await client.PostAsJsonAsync("/api/consents", OptIn(formatted, "marketing"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal($"/api/consents/{Uri.EscapeDataString(phone)}", response.Headers.Location?.OriginalString);
        var state = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(phone, state.GetProperty("phone").GetString());
        Assert.Equal("opted_in", state.GetProperty("purposes").GetProperty("marketing").GetProperty("status").GetString());
        Assert.Equal("none", state.GetProperty("purposes").GetProperty("transactional").GetProperty("status").GetString());
        var evidence = Assert.Single(state.GetProperty("events").EnumerateArray());
        Assert.Equal("tests", evidence.GetProperty("capturedBy").GetString());
        Assert.Equal("203.0.113.10", evidence.GetProperty("ipAddress").GetString());
        Assert.Equal("https://shop.example.com/signup", evidence.GetProperty("sourceUrl").GetString());
        Assert.StartsWith("Yes, text me offers", evidence.GetProperty("optInMessage").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("phone", "4155550123")]
    [InlineData("phone", "+1415")]
    [InlineData("phone", "not a number")]
    [InlineData("purpose", "newsletters")]
    [InlineData("source", "carrier-pigeon")]
    [InlineData("optInMessage", "")]
    [InlineData("capturedAt", "2999-01-01T00:00:00Z")]
    [InlineData("ipAddress", "300.1.1.1")]
    [InlineData("sourceUrl", "not-a-url")]
    public async Task RecordConsent_WithBadField_Is400ProblemNamingTheField(string field, string value)
    {
        var body = new Dictionary<string, object?>
        {
            ["phone"] = TestNumbers.Delivered(),
            ["purpose"] = "transactional",
            ["source"] = "web-form",
            ["sourceUrl"] = "https://shop.example.com/signup",
            ["optInMessage"] = "Yes, text me.",
            ["capturedAt"] = DateTimeOffset.UtcNow.AddMinutes(-1),
            ["ipAddress"] = "203.0.113.10",
            ["userAgent"] = "Mozilla/5.0",
        };
        body[field] = value;
        using var client = _api.CreateAppClient();

        var response = await client.PostAsJsonAsync("/api/consents", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors should name {field}: {problem}");
    }

    [Fact]
    public async Task ConsentEndpoints_WithoutOrWithWrongKey_Are401()
    {
        var phone = Uri.EscapeDataString(TestNumbers.Delivered());

        var anonymous = await _api.CreateClient().GetAsync(new Uri($"/api/consents/{phone}", UriKind.Relative));
        var wrong = await _api.CreateAppClient("not-a-real-key-at-all").GetAsync(new Uri($"/api/consents/{phone}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Revoke_AllPurposes_SuppressesTheNumber_OnePurposeDoesNot()
    {
        var phone = TestNumbers.Delivered();
        var other = TestNumbers.Delivered();
        using var client = _api.CreateAppClient();
        await client.PostAsJsonAsync("/api/consents", OptIn(phone, "marketing"));
        await client.PostAsJsonAsync("/api/consents", OptIn(other, "marketing"));

        var all = await client.PostAsJsonAsync($"/api/consents/{Uri.EscapeDataString(phone)}/revoke", new { reason = "asked by phone call" });
        var marketingOnly = await client.PostAsJsonAsync($"/api/consents/{Uri.EscapeDataString(other)}/revoke", new { purpose = "marketing" });

        var allState = await all.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(allState.GetProperty("suppressed").GetBoolean());
        Assert.Equal("api_revocation", allState.GetProperty("suppression").GetProperty("reason").GetString());
        Assert.Equal("asked by phone call", allState.GetProperty("events").EnumerateArray().Last().GetProperty("note").GetString());
        var otherState = await marketingOnly.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(otherState.GetProperty("suppressed").GetBoolean());
        Assert.Equal("revoked", otherState.GetProperty("purposes").GetProperty("marketing").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Export_HoldsEveryEventInOrder_WithInboundMessages()
    {
        var phone = TestNumbers.Delivered();
        using var client = _api.CreateAppClient();
        await client.PostAsJsonAsync("/api/consents", OptIn(phone, "transactional"));
        await client.PostAsJsonAsync("/api/consents", OptIn(phone, "marketing"));
        await SendInboundAsync(phone, "STOP");
        await SendInboundAsync(phone, "START");
        await client.PostAsJsonAsync($"/api/consents/{Uri.EscapeDataString(phone)}/revoke", new { purpose = "transactional", reason = "support ticket 42" });

        var response = await client.GetAsync(new Uri($"/api/consents/{Uri.EscapeDataString(phone)}/export", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("attachment", response.Content.Headers.ContentDisposition?.ToString() ?? string.Empty, StringComparison.Ordinal);
        var export = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(phone, export.GetProperty("phone").GetString());
        var events = export.GetProperty("consent").GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(
            ["opt_in/transactional", "opt_in/marketing", "revocation/transactional", "revocation/marketing", "re_opt_in/transactional", "revocation/transactional"],
            events.Select(e => $"{e.GetProperty("kind").GetString()}/{e.GetProperty("purpose").GetString()}"));
        var ids = events.Select(e => e.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(ids.Order(), ids);
        Assert.Equal(["STOP", "START"], export.GetProperty("inboundMessages").EnumerateArray().Select(m => m.GetProperty("body").GetString()));
        Assert.False(export.GetProperty("consent").GetProperty("suppressed").GetBoolean());
    }

    [Fact]
    public async Task Ledger_RefusesUpdatesAndDeletes()
    {
        var phone = TestNumbers.Delivered();
        using var client = _api.CreateAppClient();
        await client.PostAsJsonAsync("/api/consents", OptIn(phone, "transactional"));
        await using var db = services.CreateDbContext();

        var update = await Assert.ThrowsAsync<PostgresException>(() =>
            db.Database.ExecuteSqlInterpolatedAsync($"UPDATE consent_events SET purpose = 'marketing' WHERE phone = {phone}"));
        var delete = await Assert.ThrowsAsync<PostgresException>(() =>
            db.Database.ExecuteSqlInterpolatedAsync($"DELETE FROM consent_events WHERE phone = {phone}"));

        Assert.Contains("append-only", update.MessageText, StringComparison.Ordinal);
        Assert.Contains("append-only", delete.MessageText, StringComparison.Ordinal);
        Assert.Equal(1, await db.ConsentEvents.CountAsync(e => e.Phone == phone));
    }

    private async Task SendInboundAsync(string from, string body)
    {
        var sid = "SM" + Guid.NewGuid().ToString("N");
        var response = await _api.PostSignedAsync("/api/webhooks/twilio/inbound", new Dictionary<string, string>
        {
            ["AccountSid"] = "AC0123456789abcdef0123456789abcdef", ["Body"] = body, ["From"] = from,
            ["MessageSid"] = sid, ["SmsSid"] = sid, ["SmsStatus"] = "received", ["To"] = "+15005550006",
        });
        response.EnsureSuccessStatusCode();
    }

    private static object OptIn(string phone, string purpose) => new
    {
        phone,
        purpose,
        source = "web-form",
        sourceUrl = "https://shop.example.com/signup",
        optInMessage = "Yes, text me offers and order updates. Consent is not a condition of purchase. Msg & data rates may apply.",
        capturedAt = DateTimeOffset.UtcNow.AddMinutes(-2),
        ipAddress = "203.0.113.10",
        userAgent = "Mozilla/5.0 (X11; Linux x86_64)",
    };
}
