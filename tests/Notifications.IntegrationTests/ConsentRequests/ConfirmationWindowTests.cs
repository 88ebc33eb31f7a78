using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Core.Messages;
using Notifications.Core.Sms;
using Notifications.IntegrationTests.Infrastructure;
using Npgsql;

namespace Notifications.IntegrationTests.ConsentRequests;

/// <summary>
/// Which YES confirms a consent request: the API in memory with its clock moved forward (no day-long wait), on real
/// PostgreSQL and Redis, the YES through the signed inbound webhook. The worker's part, handing the confirmation SMS to
/// Twilio from a sender, is written straight into the message row: these tests are about the reply, not the send.
/// </summary>
[Collection(ServicesDefinition.Name)]
public sealed class ConfirmationWindowTests : IAsyncLifetime
{
    private const string InboundPath = "/api/webhooks/twilio/inbound";
    private const string Sender = "+15005550006";
    private readonly ServicesFixture _services;
    private readonly ShiftedTimeProvider _time = new();
    private readonly WebApplicationFactory<Notifications.Api.ApiAssembly> _api;

    public ConfirmationWindowTests(ServicesFixture services)
    {
        _services = services;
        _api = new ApiFactory(services).WithWebHostBuilder(builder => builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(_time)));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Yes_WithinTheWindow_ConfirmsTheRequest_AndRecordsTheOptInWithTheReply()
    {
        var phone = TestNumbers.Delivered();
        var id = await RequestAsync(phone);
        await HandOverAsync(id, Sender, SenderKind.LongCode);

        _time.Offset = TimeSpan.FromHours(23);
        var sid = await ReplyAsync(phone, Sender, "Yes");

        var request = await GetRequestAsync(id);
        Assert.Equal("confirmed", request.GetProperty("status").GetString());
        var consent = await GetConsentAsync(phone);
        Assert.Equal("opted_in", consent.GetProperty("purposes").GetProperty("marketing").GetProperty("status").GetString());
        var optIn = Assert.Single(consent.GetProperty("events").EnumerateArray(), e => e.GetProperty("purpose").GetString() == "marketing");
        Assert.Equal(sid, optIn.GetProperty("inboundMessageSid").GetString());
        Assert.Equal("Yes", optIn.GetProperty("textReceived").GetString());
        Assert.Equal(request.GetProperty("confirmedAt").GetDateTimeOffset(), optIn.GetProperty("occurredAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Yes_AfterTheWindow_ConfirmsNothing_AndTheRequestReadsExpired()
    {
        var phone = TestNumbers.Delivered();
        var id = await RequestAsync(phone);
        await HandOverAsync(id, Sender, SenderKind.LongCode);

        _time.Offset = TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1);
        await ReplyAsync(phone, Sender, "YES");

        Assert.Equal("expired", (await GetRequestAsync(id)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NotFound, await ConsentLookupAsync(phone));
    }

    [Fact]
    public async Task Yes_OnAnotherNumberThanTheConfirmationCameFrom_ConfirmsNothing()
    {
        var phone = TestNumbers.Delivered();
        var id = await RequestAsync(phone);
        await HandOverAsync(id, Sender, SenderKind.LongCode);

        await ReplyAsync(phone, "+15005550009", "YES");

        Assert.Equal("pending", (await GetRequestAsync(id)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NotFound, await ConsentLookupAsync(phone));
    }

    [Fact]
    public async Task Yes_AfterAConfirmationThroughAMessagingService_ConfirmsTheRequest()
    {
        var phone = TestNumbers.Delivered();
        var id = await RequestAsync(phone);
        await HandOverAsync(id, "MG0123456789abcdef0123456789abcdef", SenderKind.MessagingService);

        await ReplyAsync(phone, "+15005550009", "YES");

        Assert.Equal("confirmed", (await GetRequestAsync(id)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Yes_WhenTheConfirmationWasNeverSent_ConfirmsNothing()
    {
        var phone = TestNumbers.Delivered();
        var id = await RequestAsync(phone);
        await BlockAsync(id);

        await ReplyAsync(phone, Sender, "YES");

        Assert.Equal("pending", (await GetRequestAsync(id)).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NotFound, await ConsentLookupAsync(phone));
    }

    private HttpClient AppClient()
    {
        var client = _api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiFactory.AppKey);
        return client;
    }

    private async Task<Guid> RequestAsync(string phone)
    {
        using var client = AppClient();
        var response = await client.PostAsJsonAsync("/api/consents/requests", new
        {
            phone, purpose = "marketing", source = "web-form", sourceUrl = "https://shop.example.com/join", ipAddress = "203.0.113.7", userAgent = "Mozilla/5.0",
        });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private async Task<JsonElement> GetRequestAsync(Guid id)
    {
        using var client = AppClient();
        return await client.GetFromJsonAsync<JsonElement>($"/api/consents/requests/{id}");
    }

    /// <summary>The answer to the number's consent lookup: 404 while the program holds nothing for it (no consent created).</summary>
    private async Task<HttpStatusCode> ConsentLookupAsync(string phone)
    {
        using var client = AppClient();
        using var response = await client.GetAsync(new Uri($"/api/consents/{Uri.EscapeDataString(phone)}", UriKind.Relative));
        return response.StatusCode;
    }

    private async Task<JsonElement> GetConsentAsync(string phone)
    {
        using var client = AppClient();
        return await client.GetFromJsonAsync<JsonElement>($"/api/consents/{Uri.EscapeDataString(phone)}");
    }

    /// <summary>What the worker records when Twilio accepts the confirmation SMS from <paramref name="sender"/>.</summary>
    private Task HandOverAsync(Guid requestId, string sender, string senderKind) => UpdateConfirmationAsync(requestId, """
        UPDATE messages SET status = $2, claimed_at = $3, handed_over_at = $3, sent_at = $3, sender = $4, sender_kind = $5, provider_sid = $6, attempts = 1
        WHERE id = (SELECT confirmation_message_id FROM consent_requests WHERE id = $1)
        """, MessageStatus.Sent, DateTimeOffset.UtcNow, sender, senderKind, "SM" + Guid.NewGuid().ToString("N"));

    /// <summary>What the worker records when the gate stops the confirmation SMS.</summary>
    private Task BlockAsync(Guid requestId) => UpdateConfirmationAsync(requestId, """
        UPDATE messages SET status = $2, claimed_at = $3, final_at = $3
        WHERE id = (SELECT confirmation_message_id FROM consent_requests WHERE id = $1)
        """, MessageStatus.Suppressed, DateTimeOffset.UtcNow);

    private async Task UpdateConfirmationAsync(Guid requestId, string sql, params object[] values)
    {
        await using var connection = new NpgsqlConnection(_services.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue(requestId);
        foreach (var value in values)
        {
            command.Parameters.AddWithValue(value);
        }

        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    private async Task<string> ReplyAsync(string phone, string to, string body)
    {
        var sid = "SM" + Guid.NewGuid().ToString("N");
        var form = new Dictionary<string, string>
        {
            ["AccountSid"] = "AC0123456789abcdef0123456789abcdef",
            ["ApiVersion"] = "2010-04-01",
            ["Body"] = body,
            ["From"] = phone,
            ["MessageSid"] = sid,
            ["NumMedia"] = "0",
            ["SmsMessageSid"] = sid,
            ["SmsSid"] = sid,
            ["SmsStatus"] = "received",
            ["To"] = to,
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, InboundPath) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("X-Twilio-Signature", TwilioSigner.Sign(ApiFactory.AuthToken, ApiFactory.PublicBaseUrl + InboundPath, form));
        request.Headers.Add("I-Twilio-Idempotency-Token", Guid.NewGuid().ToString());
        using var client = _api.CreateClient();
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return sid;
    }
}
