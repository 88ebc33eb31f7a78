using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.IntegrationTests.Outages;

namespace Notifications.IntegrationTests.EmailFallback;

/// <summary>
/// The whole service as processes, with a second program (<c>clinic</c>, used by the app <c>clinic</c>) beside
/// <c>default</c>, and SendGrid's event webhook checked against a key whose private half the tests sign with.
/// </summary>
public sealed class EmailFallbackProcesses : ServiceProcesses
{
    public const string ClinicApiKey = "clinic-tests-key-0000001";
    private const string EventsPath = "/api/webhooks/sendgrid/events";

    // One signing key for the run (SendGrid's private half; the api gets the public one).
    private static readonly ECDsa SendGridKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    protected override IDictionary<string, string> ExtraSettings => new Dictionary<string, string>
    {
        ["SENDGRID_WEBHOOK_PUBLIC_KEY"] = Convert.ToBase64String(SendGridKey.ExportSubjectPublicKeyInfo()),
        ["Programs__clinic__BrandName"] = "Riverside Clinic",
        ["Programs__clinic__SupportContact"] = "help@clinic.example.com",
        ["ApiKeys__clinic"] = ClinicApiKey,
        ["Apps__clinic__Program"] = "clinic",
        ["Apps__clinic__Scopes"] = ApiFactory.AllScopes,
    };

    public HttpClient ClinicClient()
    {
        var client = new HttpClient { BaseAddress = Api.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ClinicApiKey);
        return client;
    }

    /// <summary>A transactional message whose SMS Twilio refuses at once (21211), so its fallback is requested at once.</summary>
    public static object RefusedSms(string email) => new { to = "+15005550001", body = "Your appointment is tomorrow at 10:00", fallbackEmail = email, overrideOptIn = true };

    /// <summary>Sends one message as the app of <paramref name="client"/> (the default app when null); returns its id.</summary>
    public async Task<Guid> SendAsync(object message, HttpClient? client = null)
    {
        using var own = client is null ? ApiClient() : null;
        var response = await (client ?? own!).PostAsJsonAsync("/api/messages", message);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"message accepted: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>The message as its app sees it (each app sees only its own: <paramref name="client"/> must be the sender's; the default app when null).</summary>
    public async Task<JsonElement> MessageAsync(Guid id, HttpClient? client = null)
    {
        using var own = client is null ? ApiClient() : null;
        return await (client ?? own!).GetFromJsonAsync<JsonElement>($"/api/messages/{id}");
    }

    /// <summary>Waits until the message's fallback is no longer pending; returns the message.</summary>
    public async Task<JsonElement> WaitForFallbackSettledAsync(Guid id, HttpClient? client = null) =>
        await Eventually.UntilAsync(
            () => MessageAsync(id, client),
            m => m.TryGetProperty("fallback", out var f) && f.ValueKind == JsonValueKind.Object && f.GetProperty("status").GetString() is not (null or "pending"),
            "the fallback sent or withheld",
            TimeSpan.FromSeconds(90),
            TimeSpan.FromMilliseconds(250),
            e => e is HttpRequestException or TaskCanceledException);

    public static string? FallbackStatus(JsonElement message) => message.GetProperty("fallback").GetProperty("status").GetString();

    public static string? FallbackReason(JsonElement message) => message.GetProperty("fallback").GetProperty("reason").GetString();

    public async Task<List<JsonElement>> SimulatorEmailsAsync(string to)
    {
        using var simulator = SimulatorClient();
        return (await simulator.GetFromJsonAsync<JsonElement>($"/simulator/emails?to={Uri.EscapeDataString(to)}&limit=100000")).EnumerateArray().ToList();
    }

    /// <summary>Records a marketing opt-in for <paramref name="phone"/> (with marketing email consent for <paramref name="email"/> when given).</summary>
    public async Task<HttpResponseMessage> MarketingOptInAsync(string phone, string? email)
    {
        using var api = ApiClient();
        return await api.PostAsJsonAsync("/api/consents", new
        {
            phone,
            purpose = "marketing",
            source = "web-form",
            sourceUrl = "https://shop.example.com/signup",
            optInMessage = "Yes, send me offers by text and email. Consent is not a condition of purchase. Msg & data rates may apply.",
            capturedAt = DateTimeOffset.UtcNow.AddMinutes(-1),
            ipAddress = "203.0.113.10",
            userAgent = "Mozilla/5.0 (X11; Linux x86_64)",
            email,
        });
    }

    /// <summary>A SendGrid event as the webhook posts it; <paramref name="messageId"/> is our custom arg (none when null).</summary>
    public static Dictionary<string, object> Event(string eventName, string email, DateTimeOffset at, Guid? messageId = null, string? sgMessageId = null)
    {
        var json = new Dictionary<string, object>
        {
            ["email"] = email,
            ["timestamp"] = at.ToUnixTimeSeconds(),
            ["event"] = eventName,
            ["sg_event_id"] = Guid.NewGuid().ToString("N"),
        };
        if (messageId is { } id)
        {
            json["notification_message_id"] = id.ToString();
        }

        if (sgMessageId is not null)
        {
            json["sg_message_id"] = sgMessageId;
        }

        return json;
    }

    /// <summary>Posts the events signed as SendGrid signs them; returns the status code.</summary>
    public async Task<HttpStatusCode> PostEventsAsync(params object[] events)
    {
        var body = JsonSerializer.Serialize(events);
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = Convert.ToBase64String(SendGridKey.SignData(
            Encoding.UTF8.GetBytes(timestamp + body), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        using var client = new HttpClient { BaseAddress = Api.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        using var request = new HttpRequestMessage(HttpMethod.Post, EventsPath) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("X-Twilio-Email-Event-Webhook-Signature", signature);
        request.Headers.TryAddWithoutValidation("X-Twilio-Email-Event-Webhook-Timestamp", timestamp);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>A fallback email that reached SendGrid for a fresh address, sent for the app of <paramref name="client"/>; returns the message id.</summary>
    public async Task<Guid> SentFallbackAsync(string email, HttpClient? client = null)
    {
        var id = await SendAsync(RefusedSms(email), client);
        var message = await WaitForFallbackSettledAsync(id, client);
        Assert.Equal("sent", FallbackStatus(message));
        return id;
    }
}

/// <summary>The email fallback tests share one stack and run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class EmailFallbackDefinition : ICollectionFixture<EmailFallbackProcesses>
{
    public const string Name = "EmailFallback";
}
