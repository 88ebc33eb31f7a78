using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Api.Auth;
using Notifications.Core.Consent;
using Notifications.IntegrationTests.Infrastructure;

namespace Notifications.IntegrationTests.Auth;

/// <summary>
/// Three apps: <c>scopes-default</c> with no scopes configured (every scope but <c>opt-in:override</c>), a
/// read-only app, and an app with <c>opt-in:override</c>; plus an app with no scope at all for the
/// sweep over every mapped route.
/// </summary>
[Collection(ServicesDefinition.Name)]
public sealed class AppScopesTests(ServicesFixture services) : IAsyncLifetime
{
    private const string DefaultKey = "default-app-key-0123456789";
    private const string ReaderKey = "reader-app-key-0123456789";
    private const string OverrideKey = "override-app-key-0123456789";
    private const string NothingKey = "nothing-app-key-0123456789";
    private const string OverrideApp = "scopes-override";

    private readonly ApiFactory _api = new(services, new Dictionary<string, string?>
    {
        ["ApiKeys:scopes-default"] = DefaultKey,
        ["ApiKeys:scopes-reader"] = ReaderKey,
        ["Apps:scopes-reader:Scopes"] = "messages:read, consent:read, reports:read",
        [$"ApiKeys:{OverrideApp}"] = OverrideKey,
        [$"Apps:{OverrideApp}:Scopes"] = "messages:send,messages:read,consent:write,consent:read,opt-in:override",
        ["ApiKeys:scopes-nothing"] = NothingKey,
        ["Apps:scopes-nothing:Scopes"] = "",
    });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public void EveryMappedApiRoute_ExceptWebhooks_RequiresAScope()
    {
        var routes = AppRoutes();

        Assert.NotEmpty(routes);
        foreach (var (endpoint, _) in routes)
        {
            var scope = endpoint.Metadata.GetMetadata<RequiredScopeMetadata>();
            Assert.True(scope is not null, $"{endpoint.RoutePattern.RawText} requires no scope");
            Assert.Contains(endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>(), a => a.Policy == AppScopes.PolicyName(scope!.Scope));
        }
    }

    [Fact]
    public async Task EveryMappedApiRoute_CalledWithoutItsScope_Is403ProblemNamingTheScope()
    {
        using var client = _api.CreateAppClient(NothingKey);

        foreach (var (endpoint, method) in AppRoutes())
        {
            var path = endpoint.RoutePattern.RawText!
                .Replace("{id:guid}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
                .Replace("{phone}", Uri.EscapeDataString(TestNumbers.Delivered()), StringComparison.Ordinal);
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (method == "POST")
            {
                request.Content = JsonContent.Create(new { });
            }

            var response = await client.SendAsync(request);

            var expected = endpoint.Metadata.GetMetadata<RequiredScopeMetadata>()!.Scope;
            await AssertForbiddenAsync(response, expected, $"{method} {path}");
        }
    }

    [Theory]
    [InlineData("POST", "/api/messages", "messages:send")]
    [InlineData("POST", "/api/messages/batch", "messages:send")]
    [InlineData("POST", "/api/consents", "consent:write")]
    [InlineData("POST", "/api/consents/{phone}/revoke", "consent:write")]
    public async Task ReadOnlyApp_OnWriteEndpoints_Is403NamingTheScope(string method, string template, string scope)
    {
        using var client = _api.CreateAppClient(ReaderKey);
        var path = template.Replace("{phone}", Uri.EscapeDataString(TestNumbers.Delivered()), StringComparison.Ordinal);

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(new { }) });

        await AssertForbiddenAsync(response, scope, $"{method} {path}");
    }

    [Fact]
    public async Task ReadOnlyApp_OnReadEndpoints_IsAllowed()
    {
        using var client = _api.CreateAppClient(ReaderKey);
        var number = TestNumbers.Delivered();
        var phone = Uri.EscapeDataString(number);
        using (var writer = _api.CreateAppClient())
        {
            (await writer.PostAsJsonAsync("/api/consents", new
            {
                phone = number, purpose = "transactional", source = "api", optInMessage = "Yes", capturedAt = DateTimeOffset.UtcNow.AddMinutes(-1),
            })).EnsureSuccessStatusCode();
        }

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri($"/api/consents/{phone}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri($"/api/consents/{phone}/export", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(new Uri($"/api/messages/{Guid.NewGuid()}", UriKind.Relative))).StatusCode);
        var report = await client.GetAsync(new Uri(
            $"/api/reports/channel-reliability?from={DateTimeOffset.UtcNow.AddDays(-1):O}&to={DateTimeOffset.UtcNow:O}".Replace("+", "%2B", StringComparison.Ordinal),
            UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
    }

    [Fact]
    public async Task OverrideApp_WithoutReportsScope_Is403OnReports()
    {
        using var client = _api.CreateAppClient(OverrideKey);

        var response = await client.GetAsync(new Uri("/api/reports/channel-reliability?from=2026-01-01&to=2026-01-02", UriKind.Relative));

        await AssertForbiddenAsync(response, AppScopes.ReportsRead, "GET /api/reports/channel-reliability");
    }

    [Fact]
    public async Task DefaultApp_WithOverrideOptIn_Is403NamingOptInOverride_ButMaySendWithoutIt()
    {
        using var client = _api.CreateAppClient(DefaultKey);
        var phone = TestNumbers.Delivered();

        var single = await client.PostAsJsonAsync("/api/messages", new { to = phone, body = "Your code is 123456", overrideOptIn = true });
        var batch = await client.PostAsJsonAsync("/api/messages/batch", new
        {
            messages = new object[] { new { to = phone, body = "Code 1" }, new { to = phone, body = "Code 2", overrideOptIn = true } },
        });
        var plain = await client.PostAsJsonAsync("/api/messages", new { to = phone, body = "Your code is 123456" });

        await AssertForbiddenAsync(single, AppScopes.OptInOverride, "POST /api/messages");
        await AssertForbiddenAsync(batch, AppScopes.OptInOverride, "POST /api/messages/batch");
        Assert.Equal(HttpStatusCode.Accepted, plain.StatusCode);
    }

    [Fact]
    public async Task OverrideApp_WithOverrideOptIn_IsAccepted_AndAudited()
    {
        using var client = _api.CreateAppClient(OverrideKey);
        long counted = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == OptInOverrideAudit.CounterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "app" && (string?)tag.Value == OverrideApp)
                {
                    Interlocked.Add(ref counted, value);
                }
            }
        });
        listener.Start();

        var response = await client.PostAsJsonAsync("/api/messages", new { to = TestNumbers.Delivered(), body = "Your code is 123456", overrideOptIn = true });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var message = await client.GetFromJsonAsync<JsonElement>(response.Headers.Location);
        Assert.True(message.GetProperty("overrideOptIn").GetBoolean());
        var audit = Assert.Single(message.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("type").GetString() == "override_requested");
        Assert.Contains(OverrideApp, audit.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains(AppScopes.OptInOverride, audit.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, Interlocked.Read(ref counted));
    }

    [Fact]
    public async Task OverrideApp_PlainMessage_HasNoOverrideAudit()
    {
        using var client = _api.CreateAppClient(OverrideKey);

        var response = await client.PostAsJsonAsync("/api/messages", new { to = TestNumbers.Delivered(), body = "Your code is 123456" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var message = await client.GetFromJsonAsync<JsonElement>(response.Headers.Location);
        Assert.DoesNotContain(message.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("type").GetString() == "override_requested");
    }

    [Theory]
    [InlineData("marketing")]
    [InlineData(null)]
    public async Task Override_AfterAnApiRevocation_IsRefusedByTheConsentGate(string? purpose)
    {
        using var client = _api.CreateAppClient(OverrideKey);
        var revoked = TestNumbers.Delivered();
        var unknown = TestNumbers.Delivered();
        await client.PostAsJsonAsync("/api/consents", new
        {
            phone = revoked,
            purpose = "marketing",
            source = "web-form",
            sourceUrl = "https://shop.example.com/signup",
            optInMessage = "Yes, text me offers. Msg & data rates may apply.",
            capturedAt = DateTimeOffset.UtcNow.AddMinutes(-2),
            ipAddress = "203.0.113.10",
            userAgent = "Mozilla/5.0",
        });
        var revoke = await client.PostAsJsonAsync($"/api/consents/{Uri.EscapeDataString(revoked)}/revoke", new { purpose, reason = "asked by phone" });
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);

        await using var scope = _api.Services.CreateAsyncScope();
        var consent = await scope.ServiceProvider.GetRequiredService<ConsentGate>().LookupAsync([revoked, unknown], CancellationToken.None);

        // The same decision the worker takes for each message of a batch.
        Assert.NotEqual(ConsentVerdict.AllowedByOverride, consent[revoked].Decide(ConsentPurpose.Transactional, overrideOptIn: true));
        Assert.NotEqual(ConsentVerdict.Allowed, consent[revoked].Decide(ConsentPurpose.Transactional, overrideOptIn: true));
        Assert.Equal(ConsentVerdict.AllowedByOverride, consent[unknown].Decide(ConsentPurpose.Transactional, overrideOptIn: true));
    }

    private List<(RouteEndpoint Endpoint, string Method)> AppRoutes() =>
        _api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } path
                && path.StartsWith("/api/", StringComparison.Ordinal)
                && !path.StartsWith("/api/webhooks/", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (e, m)))
            .ToList();

    private static async Task AssertForbiddenAsync(HttpResponseMessage response, string scope, string call)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{call}: expected 403, was {(int)response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(scope, problem.GetProperty("scope").GetString());
        Assert.Contains(scope, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
