using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Notifications.IntegrationTests.Infrastructure;
using Npgsql;

namespace Notifications.IntegrationTests.SendPath;

/// <summary>
/// Replies typed on the simulator's handset (<c>POST /simulator/inbound</c>), through Twilio's signed webhook, into
/// the whole stack: plain language revokes, a near miss does not, an unclear message is asked about.
/// </summary>
public sealed class RevocationWordingTests(SendPathFixture stack) : IClassFixture<SendPathFixture>
{
    private const string Sender = "+15005550006";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task PlainLanguageOptOut_FromTheHandset_SuppressesAndBlocksTheNextSend()
    {
        var phone = TestNumbers.Delivered();
        await ConsentAsync(phone);

        var (twiml, sid) = await ReplyFromHandsetAsync(phone, "Who is this? Please stop texting me");

        Assert.Contains("You are unsubscribed", twiml, StringComparison.Ordinal);
        Assert.Equal("opt_out", await ClassificationAsync(sid));
        var state = await ConsentStateAsync(phone);
        Assert.True(state.GetProperty("suppressed").GetBoolean());
        Assert.Equal("opt_out_wording", state.GetProperty("suppression").GetProperty("reason").GetString());
        Assert.Equal("revoked", state.GetProperty("purposes").GetProperty("transactional").GetProperty("status").GetString());

        var id = await SendAsync(phone);

        await WaitForStatusAsync(id, s => s == "suppressed");
        Assert.Empty(await SimulatorMessagesAsync(phone));
    }

    [Fact]
    public async Task NearMiss_FromTheHandset_RevokesNothing_AndTheNextSendGoesOut()
    {
        var phone = TestNumbers.Delivered();
        await ConsentAsync(phone);

        var (twiml, sid) = await ReplyFromHandsetAsync(phone, "bus stop at 5?");

        Assert.DoesNotContain("<Message>", twiml, StringComparison.Ordinal);
        Assert.Equal("other", await ClassificationAsync(sid));
        await AssertStillConsentedAsync(phone);
        await AssertNextSendGoesOutAsync(phone);
    }

    [Fact]
    public async Task UnclearMessage_FromTheHandset_GetsOneClarifyingReply_IsRecorded_AndRevokesNothing()
    {
        var phone = TestNumbers.Delivered();
        await ConsentAsync(phone);

        var (twiml, sid) = await ReplyFromHandsetAsync(phone, "wrong number");

        Assert.Single(System.Text.RegularExpressions.Regex.Matches(twiml, "<Message>"));
        Assert.Contains("Reply STOP to unsubscribe", twiml, StringComparison.Ordinal);
        Assert.DoesNotContain("You are unsubscribed", twiml, StringComparison.Ordinal);
        Assert.Equal("unclear", await ClassificationAsync(sid));
        await AssertStillConsentedAsync(phone);
        await AssertNextSendGoesOutAsync(phone);
    }

    private async Task<(string Twiml, string Sid)> ReplyFromHandsetAsync(string phone, string body)
    {
        using var simulator = stack.Simulator();
        var response = await simulator.PostAsJsonAsync("/simulator/inbound", new { from = phone, to = Sender, body });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sid = Assert.Single(response.Headers.GetValues("X-Simulator-Message-Sid"));
        return (await response.Content.ReadAsStringAsync(), sid);
    }

    private async Task<string?> ClassificationAsync(string sid)
    {
        await using var db = new NpgsqlConnection(await stack.DatabaseAsync());
        await db.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT classification FROM inbound_messages WHERE message_sid = $1", db);
        command.Parameters.AddWithValue(sid);
        return (string?)await command.ExecuteScalarAsync();
    }

    private async Task AssertStillConsentedAsync(string phone)
    {
        var state = await ConsentStateAsync(phone);
        Assert.False(state.GetProperty("suppressed").GetBoolean());
        Assert.Equal("opted_in", state.GetProperty("purposes").GetProperty("transactional").GetProperty("status").GetString());
        Assert.DoesNotContain(state.GetProperty("events").EnumerateArray(), e => e.GetProperty("kind").GetString() == "revocation");
    }

    private async Task AssertNextSendGoesOutAsync(string phone)
    {
        var id = await SendAsync(phone);
        await WaitForStatusAsync(id, s => s is "sent" or "delivered");
        Assert.Single(await SimulatorMessagesAsync(phone));
    }

    private async Task<JsonElement> ConsentStateAsync(string phone)
    {
        using var client = stack.Api();
        return await client.GetFromJsonAsync<JsonElement>($"/api/consents/{Uri.EscapeDataString(phone)}");
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

    private async Task<Guid> SendAsync(string to)
    {
        using var client = stack.Api();
        var response = await client.PostAsJsonAsync("/api/messages", new { to, body = "Your order shipped" });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<JsonElement>();
        return accepted.GetProperty("id").GetGuid();
    }

    private async Task WaitForStatusAsync(Guid id, Func<string?, bool> done)
    {
        using var client = stack.Api();
        await Eventually.UntilAsync(() => client.GetFromJsonAsync<JsonElement>($"/api/messages/{id}"), m => done(m.GetProperty("status").GetString()),
            $"message {id} to get there", Patience, TimeSpan.FromMilliseconds(200));
    }

    private async Task<List<JsonElement>> SimulatorMessagesAsync(string to)
    {
        using var simulator = stack.Simulator();
        var list = await simulator.GetFromJsonAsync<JsonElement>($"/simulator/messages?to={Uri.EscapeDataString(to)}");
        return list.EnumerateArray().ToList();
    }
}
