using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace Notifications.IntegrationTests.Infrastructure;

/// <summary>The API in memory, on the fixture's real PostgreSQL and Redis.</summary>
public sealed class ApiFactory(
    ServicesFixture services,
    IDictionary<string, string?>? extra = null,
    Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? configureServices = null) : WebApplicationFactory<Notifications.Api.ApiAssembly>
{
    public const string AppKey = "test-app-key-0123456789";
    public const string OtherAppKey = "other-app-key-0123456789";

    /// <summary>Every scope, overrideOptIn included: the test app <c>tests</c> sends with the override.</summary>
    public const string AllScopes = "messages:send,messages:read,consent:write,consent:read,reports:read,opt-in:override";
    public const string AuthToken = "api-tests-auth-token";
    public const string PublicBaseUrl = "https://notifications.example.com";
    public const string StatusCallbackUrl = "https://notifications.example.com/api/webhooks/twilio/status";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:notifications", services.DatabaseConnectionString);
        builder.UseSetting("ConnectionStrings:cache", services.CacheConnectionString);
        var settings = new Dictionary<string, string?>
        {
            ["ApiKeys:tests"] = AppKey,
            ["ApiKeys:other"] = OtherAppKey,
            ["Apps:tests:Scopes"] = AllScopes,
            ["TWILIO_ACCOUNT_SID"] = "AC0123456789abcdef0123456789abcdef",
            ["TWILIO_AUTH_TOKEN"] = AuthToken,
            ["TWILIO_STATUS_CALLBACK_URL"] = StatusCallbackUrl,
            ["PUBLIC_BASE_URL"] = PublicBaseUrl,
            ["Sms:Program:BrandName"] = "Acme Alerts",
            ["Sms:Program:SupportContact"] = "help@acme.example",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        if (configureServices is not null)
        {
            builder.ConfigureServices(configureServices);
        }
    }

    public HttpClient CreateAppClient(string key = AppKey)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>Posts a form to a Twilio webhook path, signed as Twilio would sign it for <see cref="PublicBaseUrl"/>.</summary>
    public async Task<HttpResponseMessage> PostSignedAsync(string path, Dictionary<string, string> form, string? idempotencyToken = null, string? signature = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        request.Headers.Add("X-Twilio-Signature", signature ?? TwilioSigner.Sign(AuthToken, PublicBaseUrl + path, form));
        request.Headers.Add("I-Twilio-Idempotency-Token", idempotencyToken ?? Guid.NewGuid().ToString());
        return await CreateClient().SendAsync(request);
    }
}
