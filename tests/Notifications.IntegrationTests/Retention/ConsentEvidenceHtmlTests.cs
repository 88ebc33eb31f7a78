using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Notifications.IntegrationTests.Infrastructure;
using Npgsql;

namespace Notifications.IntegrationTests.Retention;

/// <summary>The evidence export as an HTML page (Accept: text/html), against the API in memory on real PostgreSQL.</summary>
[Collection(ServicesDefinition.Name)]
public sealed class ConsentEvidenceHtmlTests(ServicesFixture services) : IAsyncLifetime
{
    private const string HostileText = "<script>alert('evidence')</script> Yes & text me";

    private readonly ApiFactory _api = new(services);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task HtmlExport_ShowsEveryEventWithItsEvidenceAndHashes_EscapedAndVerified()
    {
        var phone = TestNumbers.Delivered();
        using var client = _api.CreateAppClient();
        await client.PostAsJsonAsync("/api/consents", OptIn(phone, HostileText, userAgent: "Agent<b>bold</b>"));
        await client.PostAsJsonAsync($"/api/consents/{Uri.EscapeDataString(phone)}/revoke", new { purpose = "marketing", reason = "asked by \"phone\"" });
        var json = await client.GetFromJsonAsync<JsonElement>(ExportUri(phone));
        var events = json.GetProperty("consent").GetProperty("events").EnumerateArray().ToList();

        var response = await GetHtmlAsync(client, phone);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("default-src 'none'", string.Join(' ', response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>bold", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(&#39;evidence&#39;)&lt;/script&gt; Yes &amp; text me", html, StringComparison.Ordinal);
        Assert.Contains("Agent&lt;b&gt;bold&lt;/b&gt;", html, StringComparison.Ordinal);
        Assert.Contains("asked by &quot;phone&quot;", html, StringComparison.Ordinal);
        Assert.Contains("Acme Alerts", html, StringComparison.Ordinal);
        Assert.Contains(phone, html, StringComparison.Ordinal);
        Assert.Contains("https://shop.example.com/signup", html, StringComparison.Ordinal);
        Assert.Contains("203.0.113.10", html, StringComparison.Ordinal);
        Assert.Contains("none: the first event of the chain", html, StringComparison.Ordinal);
        Assert.Contains("Verified. Each of the 2 events", html, StringComparison.Ordinal);
        foreach (var e in events)
        {
            Assert.Contains(e.GetProperty("hash").GetString()!, html, StringComparison.Ordinal);
        }

        // In the order recorded: the opt-in, then the revocation, whose previous hash is the opt-in's.
        Assert.True(html.IndexOf("1. Opt-in, marketing", StringComparison.Ordinal) < html.IndexOf("2. Revocation, marketing", StringComparison.Ordinal));
        Assert.Equal(events[0].GetProperty("hash").GetString(), events[1].GetProperty("previousHash").GetString());
    }

    [Fact]
    public async Task HtmlExport_OfAnEditedLedger_SaysNotVerified_NamingTheEvent()
    {
        var phone = TestNumbers.Delivered();
        using var client = _api.CreateAppClient();
        await client.PostAsJsonAsync("/api/consents", OptIn(phone, "Yes, text me."));
        await using (var connection = new NpgsqlConnection(services.DatabaseConnectionString))
        {
            // What only a privileged account can do: switch the ledger's triggers off and rewrite evidence.
            await connection.OpenAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await using (var replica = new NpgsqlCommand("SET LOCAL session_replication_role = replica", connection, transaction))
            {
                await replica.ExecuteNonQueryAsync();
            }

            await using var edit = new NpgsqlCommand("UPDATE consent_events SET opt_in_message = 'Edited' WHERE phone = $1", connection, transaction)
            {
                Parameters = { new() { Value = phone } },
            };
            Assert.Equal(1, await edit.ExecuteNonQueryAsync());
            await transaction.CommitAsync();
        }

        var json = await client.GetFromJsonAsync<JsonElement>(ExportUri(phone));
        var id = json.GetProperty("consent").GetProperty("events")[0].GetProperty("id").GetInt64();

        var html = await (await GetHtmlAsync(client, phone)).Content.ReadAsStringAsync();

        Assert.Contains($"NOT verified. The chain breaks at event id {id}", html, StringComparison.Ordinal);
        Assert.Contains("The chain breaks here", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Verified. Each", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HtmlExport_OfAnUnknownNumber_Is404Problem()
    {
        var phone = TestNumbers.Delivered();
        using var client = _api.CreateAppClient();

        var html = await GetHtmlAsync(client, phone);

        Assert.Equal(HttpStatusCode.NotFound, html.StatusCode);
        Assert.Equal("application/problem+json", html.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("*/*")]
    [InlineData("application/json")]
    [InlineData("application/json, text/html;q=0.9")]
    public async Task Export_WithoutPreferringHtml_StaysAJsonAttachment(string? accept)
    {
        var phone = TestNumbers.Delivered();
        using var client = _api.CreateAppClient();
        await client.PostAsJsonAsync("/api/consents", OptIn(phone, "Yes, text me."));
        using var request = new HttpRequestMessage(HttpMethod.Get, ExportUri(phone));
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("attachment", response.Content.Headers.ContentDisposition?.ToString() ?? string.Empty, StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> GetHtmlAsync(HttpClient client, string phone)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, ExportUri(phone));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json", 0.5));
        return await client.SendAsync(request);
    }

    private static Uri ExportUri(string phone) => new($"/api/consents/{Uri.EscapeDataString(phone)}/export", UriKind.Relative);

    private static object OptIn(string phone, string optInMessage, string userAgent = "Mozilla/5.0 (X11; Linux x86_64)") => new
    {
        phone,
        purpose = "marketing",
        source = "web-form",
        sourceUrl = "https://shop.example.com/signup",
        optInMessage,
        capturedAt = DateTimeOffset.UtcNow.AddMinutes(-2),
        ipAddress = "203.0.113.10",
        userAgent,
    };
}
