using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.Testing;
using Npgsql;
using static Notifications.IntegrationTests.Programs.ProgramsProcesses;

namespace Notifications.IntegrationTests.Programs;

/// <summary>
/// Consent belongs to a program: apps see and use only their program's, a STOP revokes the programs that send from the
/// number it reached, carrier facts hold for every program. Real api, worker and simulator processes (its handset posts
/// the inbound messages), real PostgreSQL and Redis.
/// </summary>
public sealed class ProgramConsentTests(ProgramsProcesses stack) : IClassFixture<ProgramsProcesses>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Consent_RecordedByOneApp_IsSharedWithinItsProgram_AndUnknownToOtherPrograms()
    {
        var phone = TestNumbers.Delivered();
        using var clinicWeb = stack.AppClient(ClinicWebKey);
        using var clinicApp = stack.AppClient(ClinicAppKey);
        using var shop = stack.AppClient(ShopKey);
        await RecordOptInAsync(clinicWeb, phone);
        await InboundAsync(phone, SharedNumber, "HELP");

        var sameProgram = await GetConsentAsync(clinicApp, phone);
        Assert.Equal("opted_in", Status(sameProgram, "transactional"));
        Assert.All(sameProgram.GetProperty("events").EnumerateArray(), e => Assert.Equal("clinicweb", e.GetProperty("capturedBy").GetString()));

        // Another program: exactly what a number never seen answers (404), though the HELP reached a number the shop sends from too.
        foreach (var path in new[] { $"/api/consents/{Uri.EscapeDataString(phone)}", $"/api/consents/{Uri.EscapeDataString(phone)}/export" })
        {
            var otherProgram = await shop.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(HttpStatusCode.NotFound, otherProgram.StatusCode);
            Assert.Equal("application/problem+json", otherProgram.Content.Headers.ContentType?.MediaType);
            var body = await otherProgram.Content.ReadAsStringAsync();
            Assert.DoesNotContain("clinicweb", body, StringComparison.Ordinal);
        }

        var neverSeen = await shop.GetAsync(new Uri($"/api/consents/{Uri.EscapeDataString(TestNumbers.Delivered())}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, neverSeen.StatusCode);
        var ownExport = await clinicApp.GetFromJsonAsync<JsonElement>($"/api/consents/{Uri.EscapeDataString(phone)}/export");
        Assert.Equal(2, ownExport.GetProperty("consent").GetProperty("events").GetArrayLength());
        Assert.Equal(["HELP"], ownExport.GetProperty("inboundMessages").EnumerateArray().Select(m => m.GetProperty("body").GetString()));

        var blocked = await SendAsync(shop, phone);
        var sent = await SendAsync(clinicApp, phone);
        await WaitForStatusAsync(shop, blocked, "no_consent");
        await WaitForStatusAsync(clinicApp, sent, "delivered");
    }

    [Fact]
    public async Task Revoke_ByOneProgramsApp_LeavesOtherProgramsConsent()
    {
        var phone = TestNumbers.Delivered();
        using var clinic = stack.AppClient(ClinicWebKey);
        using var shop = stack.AppClient(ShopKey);
        await RecordOptInAsync(clinic, phone);
        await RecordOptInAsync(shop, phone);

        var revoke = await shop.PostAsJsonAsync($"/api/consents/{Uri.EscapeDataString(phone)}/revoke", new { reason = "asked at the till" });
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);

        Assert.True((await GetConsentAsync(shop, phone)).GetProperty("suppressed").GetBoolean());
        var clinicState = await GetConsentAsync(clinic, phone);
        Assert.False(clinicState.GetProperty("suppressed").GetBoolean());
        Assert.Equal("opted_in", Status(clinicState, "transactional"));
        await WaitForStatusAsync(shop, await SendAsync(shop, phone), "suppressed");
        await WaitForStatusAsync(clinic, await SendAsync(clinic, phone), "delivered");
    }

    [Fact]
    public async Task Stop_OnTheSharedNumber_RevokesEveryProgramSendingFromIt_NotTheOneWithItsOwnNumber()
    {
        var phone = TestNumbers.Delivered();
        using var clinic = stack.AppClient(ClinicAppKey);
        using var shop = stack.AppClient(ShopKey);
        using var pharmacy = stack.AppClient(PharmacyKey);
        foreach (var app in new[] { clinic, shop, pharmacy })
        {
            await RecordOptInAsync(app, phone);
        }

        var reply = await InboundAsync(phone, SharedNumber, "STOP");

        // One SMS naming every brand concerned.
        Assert.Contains($"{DefaultBrand}, {ClinicBrand} and {ShopBrand}: You are unsubscribed", reply, StringComparison.Ordinal);
        Assert.DoesNotContain(PharmacyBrand, reply, StringComparison.Ordinal);
        foreach (var app in new[] { clinic, shop })
        {
            var state = await GetConsentAsync(app, phone);
            Assert.True(state.GetProperty("suppressed").GetBoolean());
            Assert.Equal("opt_out_keyword", state.GetProperty("suppression").GetProperty("reason").GetString());
            Assert.Equal("revoked", Status(state, "transactional"));
            Assert.Equal("revoked", Status(state, "marketing"));
        }

        var untouched = await GetConsentAsync(pharmacy, phone);
        Assert.False(untouched.GetProperty("suppressed").GetBoolean());
        Assert.Equal("opted_in", Status(untouched, "transactional"));

        await WaitForStatusAsync(clinic, await SendAsync(clinic, phone), "suppressed");
        await WaitForStatusAsync(shop, await SendAsync(shop, phone), "suppressed");
        await WaitForStatusAsync(pharmacy, await SendAsync(pharmacy, phone), "delivered");
        var atTwilio = Assert.Single(await SimulatorMessagesAsync(phone));
        Assert.Equal(PharmacyNumber, atTwilio.GetProperty("from").GetString());
    }

    [Fact]
    public async Task Stop_OnAProgramsOwnNumber_RevokesThatProgramOnly()
    {
        var phone = TestNumbers.Delivered();
        using var clinic = stack.AppClient(ClinicAppKey);
        using var pharmacy = stack.AppClient(PharmacyKey);
        await RecordOptInAsync(clinic, phone);
        await RecordOptInAsync(pharmacy, phone);

        var reply = await InboundAsync(phone, PharmacyNumber, "Please stop texting me");

        Assert.Contains($"<Message>{PharmacyBrand}: You are unsubscribed", reply, StringComparison.Ordinal);
        var stopped = await GetConsentAsync(pharmacy, phone);
        Assert.True(stopped.GetProperty("suppressed").GetBoolean());
        Assert.Equal("opt_out_wording", stopped.GetProperty("suppression").GetProperty("reason").GetString());
        Assert.False((await GetConsentAsync(clinic, phone)).GetProperty("suppressed").GetBoolean());
        await WaitForStatusAsync(pharmacy, await SendAsync(pharmacy, phone), "suppressed");
        await WaitForStatusAsync(clinic, await SendAsync(clinic, phone), "delivered");
    }

    [Fact]
    public async Task Stop_OnANumberNoSenderHas_RevokesEveryProgram_AndSaysSoInTheLog()
    {
        var phone = TestNumbers.Delivered();
        using var clinic = stack.AppClient(ClinicAppKey);
        using var pharmacy = stack.AppClient(PharmacyKey);
        await RecordOptInAsync(clinic, phone);
        await RecordOptInAsync(pharmacy, phone);

        var reply = await InboundAsync(phone, UnknownNumber, "STOP");

        Assert.True(reply.Contains($"{DefaultBrand}, {ClinicBrand}, {PharmacyBrand} and {ShopBrand}: You are unsubscribed", StringComparison.Ordinal), reply);
        Assert.True((await GetConsentAsync(clinic, phone)).GetProperty("suppressed").GetBoolean());
        Assert.True((await GetConsentAsync(pharmacy, phone)).GetProperty("suppressed").GetBoolean());
        Assert.Contains(stack.ApiLines, line => line.Contains("was sent to a number no configured sender has", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_ResubscribesOnlyProgramsStoppedByText_AndWithNothingToResubscribeCreatesNoConsent()
    {
        using var clinic = stack.AppClient(ClinicAppKey);
        using var shop = stack.AppClient(ShopKey);
        using var pharmacy = stack.AppClient(PharmacyKey);

        // A number nobody holds anything for: START creates nothing, and its answer claims no subscription.
        var stranger = TestNumbers.Delivered();
        var strangerReply = await InboundAsync(stranger, SharedNumber, "START");
        Assert.DoesNotContain("You are subscribed", strangerReply, StringComparison.Ordinal);
        Assert.Equal(0, await CountConsentEventsAsync(stranger));
        await WaitForStatusAsync(clinic, await SendAsync(clinic, stranger), "no_consent");

        // Stopped at the pharmacy by keyword, revoked at the shop by its app: START on the shared number changes neither.
        var phone = TestNumbers.Delivered();
        foreach (var app in new[] { clinic, shop, pharmacy })
        {
            await RecordOptInAsync(app, phone);
        }

        await InboundAsync(phone, PharmacyNumber, "STOP");
        await shop.PostAsJsonAsync($"/api/consents/{Uri.EscapeDataString(phone)}/revoke", new { reason = "asked at the till" });
        var before = await CountConsentEventsAsync(phone);

        var sharedReply = await InboundAsync(phone, SharedNumber, "START");

        Assert.DoesNotContain("You are subscribed", sharedReply, StringComparison.Ordinal);
        Assert.Equal(before, await CountConsentEventsAsync(phone));
        Assert.True((await GetConsentAsync(shop, phone)).GetProperty("suppressed").GetBoolean());
        Assert.True((await GetConsentAsync(pharmacy, phone)).GetProperty("suppressed").GetBoolean());

        // START on the pharmacy's number: re-subscribed there, with the message as evidence.
        var pharmacyReply = await InboundAsync(phone, PharmacyNumber, "START");

        Assert.Contains($"<Message>{PharmacyBrand}: You are subscribed to {PharmacyBrand} messages", pharmacyReply, StringComparison.Ordinal);
        var resumed = await GetConsentAsync(pharmacy, phone);
        Assert.False(resumed.GetProperty("suppressed").GetBoolean());
        Assert.Equal("opted_in", Status(resumed, "transactional"));
        Assert.Equal("re_opt_in", resumed.GetProperty("events").EnumerateArray().Last().GetProperty("kind").GetString());
        Assert.Equal("START", resumed.GetProperty("events").EnumerateArray().Last().GetProperty("textReceived").GetString());
        Assert.True((await GetConsentAsync(shop, phone)).GetProperty("suppressed").GetBoolean());
        await WaitForStatusAsync(pharmacy, await SendAsync(pharmacy, phone), "delivered");
    }

    [Theory]
    [InlineData("3004", "undelivered", "blocked_by_recipient")]
    [InlineData("3005", "undelivered", "unknown_handset")]
    [InlineData("3006", "undelivered", "landline")]
    [InlineData(null, "suppressed", "carrier_opt_out")]
    public async Task CarrierFact_AboutANumber_SuppressesItForEveryProgram(string? scenario, string firstStatus, string reason)
    {
        // 21610 is Twilio's magic number +15005550004; 30004, 30005 and 30006 simulator scenario numbers.
        var phone = scenario is null ? "+15005550004" : TestNumbers.Scenario(scenario);
        using var clinic = stack.AppClient(ClinicAppKey);
        using var shop = stack.AppClient(ShopKey);
        await RecordOptInAsync(clinic, phone);
        await RecordOptInAsync(shop, phone);

        await WaitForStatusAsync(clinic, await SendAsync(clinic, phone), firstStatus);

        var shopState = await Eventually.UntilAsync(
            () => GetConsentAsync(shop, phone),
            s => s.GetProperty("suppressed").GetBoolean(),
            "the carrier fact suppressing the number for the shop too",
            Patience,
            TimeSpan.FromMilliseconds(200));
        Assert.Equal(reason, shopState.GetProperty("suppression").GetProperty("reason").GetString());
        await WaitForStatusAsync(shop, await SendAsync(shop, phone), "suppressed");
    }

    [Fact]
    public async Task StopHeldWhilePostgresIsDown_SuppressesOnlyThePrograms_OfTheNumberItReached()
    {
        var phone = TestNumbers.Delivered();
        using var clinic = stack.AppClient(ClinicAppKey);
        using var pharmacy = stack.AppClient(PharmacyKey);
        await RecordOptInAsync(clinic, phone);
        await RecordOptInAsync(pharmacy, phone);

        await stack.Postgres.StopAsync();
        try
        {
            var reply = await InboundAsync(phone, PharmacyNumber, "STOP");
            Assert.Contains($"<Message>{PharmacyBrand}: You are unsubscribed", reply, StringComparison.Ordinal);
        }
        finally
        {
            await stack.Postgres.StartAgainAsync();
        }

        // Sends accepted right after the restart, before or after the held STOP is replayed: the pharmacy's never go.
        var blocked = await Eventually.UntilAsync(
            () => pharmacy.PostAsJsonAsync("/api/messages", new { to = phone, body = "Sent after an opt-out during an outage" }),
            r => r.StatusCode != HttpStatusCode.ServiceUnavailable,
            "the api accepting sends again",
            Patience,
            TimeSpan.FromMilliseconds(200));
        Assert.Equal(HttpStatusCode.Accepted, blocked.StatusCode);
        await WaitForStatusAsync(pharmacy, (await blocked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid(), "suppressed");
        await WaitForStatusAsync(clinic, await SendAsync(clinic, phone), "delivered");

        var replayed = await Eventually.UntilAsync(
            () => GetConsentAsync(pharmacy, phone),
            s => s.GetProperty("suppressed").GetBoolean() && Status(s, "transactional") == "revoked",
            "the held STOP replayed into PostgreSQL",
            Patience,
            TimeSpan.FromMilliseconds(200));
        Assert.Equal("STOP", replayed.GetProperty("events").EnumerateArray().Last().GetProperty("textReceived").GetString());
        var clinicState = await GetConsentAsync(clinic, phone);
        Assert.False(clinicState.GetProperty("suppressed").GetBoolean());
        Assert.Equal("opted_in", Status(clinicState, "transactional"));
    }

    private async Task<string> InboundAsync(string from, string to, string body)
    {
        using var simulator = stack.SimulatorClient();
        var response = await simulator.PostAsJsonAsync("/simulator/inbound", new { from, to, body });
        Assert.True(response.IsSuccessStatusCode, $"inbound posted: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadAsStringAsync();
    }

    private static async Task RecordOptInAsync(HttpClient app, string phone)
    {
        var response = await app.PostAsJsonAsync("/api/consents", new
        {
            phone, purpose = "marketing", source = "api", optInMessage = "Yes, text me updates and offers.", capturedAt = DateTimeOffset.UtcNow.AddMinutes(-1),
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var transactional = await app.PostAsJsonAsync("/api/consents", new
        {
            phone, purpose = "transactional", source = "api", optInMessage = "Yes, text me updates and offers.", capturedAt = DateTimeOffset.UtcNow.AddMinutes(-1),
        });
        Assert.Equal(HttpStatusCode.Created, transactional.StatusCode);
    }

    private static Task<JsonElement> GetConsentAsync(HttpClient app, string phone) =>
        app.GetFromJsonAsync<JsonElement>($"/api/consents/{Uri.EscapeDataString(phone)}");

    private static string? Status(JsonElement state, string purpose) =>
        state.GetProperty("purposes").GetProperty(purpose).GetProperty("status").GetString();

    private static async Task<Guid> SendAsync(HttpClient app, string to)
    {
        var response = await app.PostAsJsonAsync("/api/messages", new { to, body = "Your appointment is confirmed" });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static Task<string?> WaitForStatusAsync(HttpClient app, Guid id, string status) =>
        Eventually.UntilAsync(
            async () => (await app.GetFromJsonAsync<JsonElement>($"/api/messages/{id}")).GetProperty("status").GetString(),
            s => s == status,
            $"message {id} {status}",
            Patience,
            TimeSpan.FromMilliseconds(200));

    private async Task<List<JsonElement>> SimulatorMessagesAsync(string to)
    {
        using var simulator = stack.SimulatorClient();
        var list = await simulator.GetFromJsonAsync<JsonElement>($"/simulator/messages?to={Uri.EscapeDataString(to)}");
        return list.EnumerateArray().ToList();
    }

    private async Task<long> CountConsentEventsAsync(string phone)
    {
        await using var db = new NpgsqlConnection(stack.Postgres.ConnectionString);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM consent_events WHERE phone = $1", db) { Parameters = { new() { Value = phone } } };
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
