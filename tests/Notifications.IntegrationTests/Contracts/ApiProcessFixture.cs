using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Notifications.IntegrationTests.Infrastructure;
using Npgsql;

namespace Notifications.IntegrationTests.Contracts;

/// <summary>
/// The api as deployed: real processes on loopback ports over a real PostgreSQL and Redis, with
/// <c>PUBLIC_BASE_URL</c> unset (the default). <see cref="Api"/> runs as Production with SendGrid's webhook key
/// and no trusted proxy; <see cref="ProxiedApi"/> runs as Production behind a configured proxy (loopback) with no
/// SendGrid key.
/// </summary>
public sealed class ApiProcessFixture : IAsyncLifetime
{
    public const string AppKey = "process-app-key-0123456789";
    public const string AuthToken = "process-tests-auth-token";

    private readonly ServicesFixture _services = new();

    public ServiceProcess Api { get; private set; } = null!;

    public ServiceProcess ProxiedApi { get; private set; } = null!;

    public ECDsa SendGridKey { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public string DatabaseConnectionString => _services.DatabaseConnectionString;

    public async Task InitializeAsync()
    {
        await _services.InitializeAsync();
        var api = ServiceProcess.StartAsync("Notifications.Api", Environment(new()
        {
            ["SENDGRID_WEBHOOK_PUBLIC_KEY"] = Convert.ToBase64String(SendGridKey.ExportSubjectPublicKeyInfo()),
        }));
        var proxied = ServiceProcess.StartAsync("Notifications.Api", Environment(new()
        {
            ["ForwardedHeaders__KnownProxies"] = "127.0.0.1",
        }));
        Api = await api;
        ProxiedApi = await proxied;
    }

    public static HttpClient Client(ServiceProcess api, bool withKey = true)
    {
        var client = new HttpClient { BaseAddress = api.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        if (withKey)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AppKey);
        }

        return client;
    }

    /// <summary>Posts a form to a Twilio webhook, signed for <paramref name="signedUrl"/> (the URL Twilio was given).</summary>
    public static async Task<HttpResponseMessage> PostTwilioAsync(
        HttpClient client, string path, IReadOnlyDictionary<string, string> form, string signedUrl,
        string? signature = null, IReadOnlyDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        request.Headers.TryAddWithoutValidation("X-Twilio-Signature", signature ?? TwilioSigner.Sign(AuthToken, signedUrl, form));
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await client.SendAsync(request);
    }

    /// <summary>SendGrid's signature of an event post: ECDSA P-256 over the timestamp and the raw body.</summary>
    public string SignSendGrid(string timestamp, byte[] body) =>
        Convert.ToBase64String(SendGridKey.SignData(
            [.. Encoding.UTF8.GetBytes(timestamp), .. body], HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));

    /// <summary>Rows in the tables a request could write to.</summary>
    public async Task<IReadOnlyDictionary<string, long>> RowCountsAsync()
    {
        await using var connection = new NpgsqlConnection(DatabaseConnectionString);
        await connection.OpenAsync();
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var table in new[] { "messages", "consent_events", "suppressions", "inbound_messages", "message_events", "idempotency_keys" })
        {
            await using var command = new NpgsqlCommand($"SELECT count(*) FROM {table}", connection);
            counts[table] = (long)(await command.ExecuteScalarAsync())!;
        }

        return counts;
    }

    public async Task DisposeAsync()
    {
        if (Api is not null)
        {
            await Api.DisposeAsync();
        }

        if (ProxiedApi is not null)
        {
            await ProxiedApi.DisposeAsync();
        }

        SendGridKey.Dispose();
        await _services.DisposeAsync();
    }

    private Dictionary<string, string> Environment(Dictionary<string, string> extra)
    {
        var environment = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__notifications"] = _services.DatabaseConnectionString,
            ["ConnectionStrings__cache"] = _services.CacheConnectionString,
            ["ApiKeys__tests"] = AppKey,
            ["Apps__tests__Scopes"] = Notifications.IntegrationTests.Infrastructure.ApiFactory.AllScopes,
            ["TWILIO_ACCOUNT_SID"] = "AC0123456789abcdef0123456789abcdef",
            ["TWILIO_AUTH_TOKEN"] = AuthToken,
            ["Sms__Program__BrandName"] = "Acme Alerts",
            ["Sms__Program__SupportContact"] = "help@acme.example",
        };
        foreach (var (key, value) in extra)
        {
            environment[key] = value;
        }

        return environment;
    }
}
