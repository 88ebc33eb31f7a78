using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Notifications.Core.Messages;
using Notifications.IntegrationTests.Infrastructure;

namespace Notifications.IntegrationTests.Delivery;

/// <summary>Status callbacks, SendGrid events and the reliability report, against real PostgreSQL and Redis.</summary>
[Collection(ServicesDefinition.Name)]
public sealed class DeliveryTrackingTests : IAsyncLifetime
{
    private const string StatusPath = "/api/webhooks/twilio/status";
    private const string EventsPath = "/api/webhooks/sendgrid/events";
    private readonly ServicesFixture _services;
    private readonly ECDsa _sendGridKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ApiFactory _api;

    public DeliveryTrackingTests(ServicesFixture services)
    {
        _services = services;
        _api = new ApiFactory(services, new Dictionary<string, string?>
        {
            ["SENDGRID_WEBHOOK_PUBLIC_KEY"] = Convert.ToBase64String(_sendGridKey.ExportSubjectPublicKeyInfo()),
        });
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _api.DisposeAsync();
        _sendGridKey.Dispose();
    }

    [Fact]
    public async Task Callbacks_OutOfOrderAndDuplicated_LeaveTheFinalStatus_AndEachIsKeptOnce()
    {
        var message = await InsertHandedOverAsync();

        var delivered = StatusForm(message, "delivered");
        await PostStatusAsync(message, delivered, token: "t-delivered");
        await PostStatusAsync(message, delivered, token: "t-delivered");
        await PostStatusAsync(message, StatusForm(message, "sent"), token: "t-sent");
        await PostStatusAsync(message, StatusForm(message, "sent"), token: "t-sent");

        await using var db = _services.CreateDbContext();
        var stored = await db.Messages.SingleAsync(m => m.Id == message.Id);
        Assert.Equal(MessageStatus.Delivered, stored.Status);
        var callbacks = await db.MessageEvents.Where(e => e.MessageId == message.Id && e.Type == MessageEventType.StatusCallback).ToListAsync();
        Assert.Equal(["delivered", "sent"], callbacks.OrderBy(e => e.Id).Select(e => e.Status));
    }

    [Fact]
    public async Task Callback_Undelivered30006_StartsTheEmailFallback()
    {
        var message = await InsertHandedOverAsync(fallbackEmail: "fallback@example.com");

        await PostStatusAsync(message, StatusForm(message, "undelivered", 30006));

        await using var db = _services.CreateDbContext();
        var stored = await db.Messages.SingleAsync(m => m.Id == message.Id);
        Assert.Equal(MessageStatus.Undelivered, stored.Status);
        Assert.Equal(30006, stored.ErrorCode);
        Assert.Equal(FallbackStatus.Pending, stored.FallbackStatus);
        Assert.Equal("30006", stored.FallbackReason);
    }

    [Fact]
    public async Task Callback_Undelivered30004_SuppressesTheNumber_AndStartsNoFallback()
    {
        var message = await InsertHandedOverAsync(fallbackEmail: "fallback@example.com");

        await PostStatusAsync(message, StatusForm(message, "undelivered", 30004));

        await using var db = _services.CreateDbContext();
        var suppression = await db.Suppressions.SingleAsync(s => s.Phone == message.To);
        Assert.True(suppression.Active);
        Assert.Equal("blocked_by_recipient", suppression.Reason);
        Assert.Equal("30004", suppression.Detail);
        Assert.Equal(2, await db.ConsentEvents.CountAsync(e => e.Phone == message.To && e.Source == "carrier-signal"));
        Assert.Null((await db.Messages.SingleAsync(m => m.Id == message.Id)).FallbackStatus);
    }

    [Fact]
    public async Task Callback_Undelivered30003_OnFirstAttempt_StartsANewAttemptLater()
    {
        var message = await InsertHandedOverAsync(fallbackEmail: "fallback@example.com");

        await PostStatusAsync(message, StatusForm(message, "undelivered", 30003));

        await using var db = _services.CreateDbContext();
        var stored = await db.Messages.SingleAsync(m => m.Id == message.Id);
        Assert.Equal(MessageStatus.Accepted, stored.Status);
        Assert.Null(stored.ProviderSid);
        Assert.True(stored.DueAt > DateTimeOffset.UtcNow.AddMinutes(4));
        Assert.Null(stored.FallbackStatus);
    }

    [Fact]
    public async Task Callback_WithTamperedSignature_Is403_AndChangesNothing()
    {
        var message = await InsertHandedOverAsync();
        var form = StatusForm(message, "delivered");
        var path = $"{StatusPath}?messageId={message.Id}";
        var signature = TwilioSigner.Sign(ApiFactory.AuthToken, ApiFactory.StatusCallbackUrl + $"?messageId={message.Id}", form);
        form["MessageStatus"] = "undelivered";

        var response = await _api.PostSignedAsync(path, form, signature: signature);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await using var db = _services.CreateDbContext();
        Assert.Equal(MessageStatus.Queued, (await db.Messages.SingleAsync(m => m.Id == message.Id)).Status);
        Assert.False(await db.MessageEvents.AnyAsync(e => e.MessageId == message.Id));
    }

    [Fact]
    public async Task SendGridEvents_SignedAndDuplicated_MapOntoFallbackStatus_Once()
    {
        var message = await InsertHandedOverAsync(fallbackEmail: "someone@example.com", fallbackStatus: FallbackStatus.Sent);
        var processed = Event(message.Id, "processed");
        var deliveredEvent = Event(message.Id, "delivered");
        var body = JsonSerializer.Serialize(new[] { processed, deliveredEvent, deliveredEvent });

        var response = await PostEventsAsync(body);
        var again = await PostEventsAsync(body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        await using var db = _services.CreateDbContext();
        Assert.Equal(FallbackStatus.Delivered, (await db.Messages.SingleAsync(m => m.Id == message.Id)).FallbackStatus);
        Assert.Equal(2, await db.MessageEvents.CountAsync(e => e.MessageId == message.Id && e.Type == MessageEventType.FallbackEvent));
    }

    [Theory]
    [InlineData("bounce", FallbackStatus.Bounced)]
    [InlineData("dropped", FallbackStatus.Dropped)]
    [InlineData("deferred", FallbackStatus.Sent)]
    public async Task SendGridEvent_MapsOntoFallbackStatus(string eventName, string expected)
    {
        var message = await InsertHandedOverAsync(fallbackEmail: "someone@example.com", fallbackStatus: FallbackStatus.Sent);

        await PostEventsAsync(JsonSerializer.Serialize(new[] { Event(message.Id, eventName) }));

        await using var db = _services.CreateDbContext();
        Assert.Equal(expected, (await db.Messages.SingleAsync(m => m.Id == message.Id)).FallbackStatus);
    }

    [Fact]
    public async Task SendGridEvents_Unsigned_Are403_AndChangeNothing()
    {
        var message = await InsertHandedOverAsync(fallbackEmail: "someone@example.com", fallbackStatus: FallbackStatus.Sent);
        var body = JsonSerializer.Serialize(new[] { Event(message.Id, "bounce") });
        using var request = new HttpRequestMessage(HttpMethod.Post, EventsPath) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Twilio-Email-Event-Webhook-Timestamp", "1700000000");
        request.Headers.Add("X-Twilio-Email-Event-Webhook-Signature", Convert.ToBase64String(_sendGridKey.SignData(Encoding.UTF8.GetBytes("1700000000{}"), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence)));

        var tampered = await _api.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, tampered.StatusCode);
        await using var db = _services.CreateDbContext();
        Assert.Equal(FallbackStatus.Sent, (await db.Messages.SingleAsync(m => m.Id == message.Id)).FallbackStatus);
    }

    [Fact]
    public async Task Report_FiguresMatchAFixtureWithKnownCounts()
    {
        var day1 = new DateTimeOffset(2024, 3, 1, 10, 0, 0, TimeSpan.Zero).AddDays(Random.Shared.Next(0, 300) * 3);
        var day2 = day1.AddDays(1);
        await using (var db = _services.CreateDbContext())
        {
            // day 1: 3 delivered (10 s, 20 s, 30 s), 1 undelivered 30006 with fallback delivered; US, +15005550006
            for (var i = 1; i <= 3; i++)
            {
                db.Messages.Add(Row(day1, "US", "+15005550006", MessageStatus.Delivered, attempts: 1, finalAfter: TimeSpan.FromSeconds(10 * i)));
            }

            db.Messages.Add(Row(day1, "US", "+15005550006", MessageStatus.Undelivered, attempts: 2, errorCode: 30006, fallback: (FallbackStatus.Delivered, "30006")));
            // day 2: 1 delivered in GB (AcmeAlerts), 1 failed 21211 with fallback bounced, 1 failed without fallback
            db.Messages.Add(Row(day2, "GB", "AcmeAlerts", MessageStatus.Delivered, attempts: 1, finalAfter: TimeSpan.FromSeconds(5)));
            db.Messages.Add(Row(day2, "US", "+15005550006", MessageStatus.Failed, attempts: 1, errorCode: 21211, fallback: (FallbackStatus.Bounced, "21211")));
            db.Messages.Add(Row(day2, "US", "+15005550006", MessageStatus.Failed, attempts: 3, errorCode: 20429));
            await db.SaveChangesAsync();
        }

        using var client = _api.CreateAppClient();
        var url = $"/api/reports/channel-reliability?from={Uri.EscapeDataString(day1.Date.ToString("O", System.Globalization.CultureInfo.InvariantCulture))}&to={Uri.EscapeDataString(day2.Date.AddDays(1).ToString("O", System.Globalization.CultureInfo.InvariantCulture))}";
        var byDay = await client.GetFromJsonAsync<JsonElement>(url + "&groupBy=day");
        var byCountry = await client.GetFromJsonAsync<JsonElement>(url + "&groupBy=country");
        var byError = await client.GetFromJsonAsync<JsonElement>(url + "&groupBy=errorCode");

        var totals = byDay.GetProperty("totals");
        Assert.Equal(7, totals.GetProperty("messages").GetInt32());
        Assert.Equal(10, totals.GetProperty("attempts").GetInt64());
        Assert.Equal(4, totals.GetProperty("delivered").GetInt32());
        Assert.Equal(1, totals.GetProperty("undelivered").GetInt32());
        Assert.Equal(2, totals.GetProperty("failed").GetInt32());
        Assert.Equal(0.5714, totals.GetProperty("deliveryRate").GetDouble());
        Assert.Equal(15.0, totals.GetProperty("medianSecondsToDelivery").GetDouble());
        Assert.Equal(2, totals.GetProperty("fallbacksTriggered").GetInt32());
        Assert.Equal(1, totals.GetProperty("fallbacksDelivered").GetInt32());

        var days = byDay.GetProperty("groups").EnumerateArray().ToList();
        Assert.Equal([day1.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), day2.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)], days.Select(d => d.GetProperty("key").GetString()));
        Assert.Equal(0.75, days[0].GetProperty("deliveryRate").GetDouble());
        Assert.Equal(20.0, days[0].GetProperty("medianSecondsToDelivery").GetDouble());
        Assert.Equal(1, days[0].GetProperty("fallbacksByReason").GetProperty("30006").GetInt32());

        var countries = byCountry.GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("key").GetString()!);
        Assert.Equal(1, countries["GB"].GetProperty("delivered").GetInt32());
        Assert.Equal(6, countries["US"].GetProperty("messages").GetInt32());

        var errors = byError.GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("key").GetString()!);
        Assert.Equal(4, errors["none"].GetProperty("messages").GetInt32());
        Assert.Equal(1, errors["21211"].GetProperty("fallbacksByReason").GetProperty("21211").GetInt32());
    }

    [Theory]
    [InlineData("groupBy=week&from=2024-01-01&to=2024-02-01", "groupBy")]
    [InlineData("to=2024-02-01", "from")]
    [InlineData("from=2024-02-01&to=2024-01-01", "to")]
    public async Task Report_WithBadQuery_Is400NamingTheField(string query, string field)
    {
        using var client = _api.CreateAppClient();

        var response = await client.GetAsync(new Uri($"/api/reports/channel-reliability?{query}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    private static Message Row(DateTimeOffset created, string country, string sender, string status, int attempts,
        TimeSpan? finalAfter = null, int? errorCode = null, (string Status, string Reason)? fallback = null) => new()
    {
        Id = Guid.CreateVersion7(created),
        AppId = "tests",
        To = TestNumbers.Delivered(),
        Country = country,
        Body = "report fixture",
        Purpose = "transactional",
        Status = status,
        Attempts = attempts,
        Sender = sender,
        ErrorCode = errorCode,
        CreatedAt = created,
        UpdatedAt = created,
        DueAt = created,
        ClaimedAt = created,
        FinalAt = created + (finalAfter ?? TimeSpan.FromSeconds(1)),
        FallbackEmail = fallback is null ? null : "someone@example.com",
        FallbackStatus = fallback?.Status,
        FallbackReason = fallback?.Reason,
    };

    private Task<Message> InsertHandedOverAsync(string? fallbackEmail = null, string? fallbackStatus = null)
    {
        var message = TestMessages.HandedOver("tracking", DateTimeOffset.UtcNow);
        message.FallbackEmail = fallbackEmail;
        message.FallbackStatus = fallbackStatus;
        return _services.InsertAsync(message);
    }

    private static Dictionary<string, string> StatusForm(Message message, string status, int? errorCode = null)
    {
        var form = new Dictionary<string, string>
        {
            ["AccountSid"] = "AC0123456789abcdef0123456789abcdef",
            ["ApiVersion"] = "2010-04-01",
            ["From"] = "+15005550006",
            ["MessageSid"] = message.ProviderSid!,
            ["MessageStatus"] = status,
            ["SmsSid"] = message.ProviderSid!,
            ["SmsStatus"] = status,
            ["To"] = message.To,
        };
        if (errorCode is not null)
        {
            form["ErrorCode"] = errorCode.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return form;
    }

    private async Task PostStatusAsync(Message message, Dictionary<string, string> form, string? token = null)
    {
        var query = $"?messageId={message.Id}";
        var response = await _api.PostSignedAsync(StatusPath + query, form, token,
            TwilioSigner.Sign(ApiFactory.AuthToken, ApiFactory.StatusCallbackUrl + query, form));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static Dictionary<string, object> Event(Guid messageId, string name) => new()
    {
        ["email"] = "someone@example.com",
        ["timestamp"] = 1_700_000_000,
        ["event"] = name,
        ["sg_event_id"] = Guid.NewGuid().ToString("N"),
        ["sg_message_id"] = "abc.recvd-1",
        ["notification_message_id"] = messageId.ToString(),
    };

    private async Task<HttpResponseMessage> PostEventsAsync(string body)
    {
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var signature = _sendGridKey.SignData(Encoding.UTF8.GetBytes(timestamp + body), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        using var request = new HttpRequestMessage(HttpMethod.Post, EventsPath) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Twilio-Email-Event-Webhook-Timestamp", timestamp);
        request.Headers.Add("X-Twilio-Email-Event-Webhook-Signature", Convert.ToBase64String(signature));
        return await _api.CreateClient().SendAsync(request);
    }
}
