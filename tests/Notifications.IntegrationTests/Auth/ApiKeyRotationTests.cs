using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.DependencyInjection;
using Notifications.IntegrationTests.Infrastructure;

namespace Notifications.IntegrationTests.Auth;

/// <summary>Rotating an app's key: both keys work while the new one is rolled out; dropping the old one makes it 401.</summary>
[Collection(ServicesDefinition.Name)]
public sealed class ApiKeyRotationTests(ServicesFixture services)
{
    private const string NextKey = "next-tests-key-0123456789";

    [Fact]
    public async Task DuringRotation_BothKeysWork_ForTheSameApp()
    {
        await using var api = new ApiFactory(services, new Dictionary<string, string?> { ["ApiKeys:tests:1"] = NextKey });
        var number = TestNumbers.Delivered();
        var phone = Uri.EscapeDataString(number);
        using (var writer = api.CreateAppClient(ApiFactory.AppKey))
        {
            (await writer.PostAsJsonAsync("/api/consents", new
            {
                phone = number, purpose = "transactional", source = "api", optInMessage = "Yes", capturedAt = DateTimeOffset.UtcNow.AddMinutes(-1),
            })).EnsureSuccessStatusCode();
        }

        foreach (var key in new[] { ApiFactory.AppKey, NextKey })
        {
            using var client = api.CreateAppClient(key);
            var response = await client.GetAsync(new Uri($"/api/consents/{phone}/export", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("\"generatedFor\":\"tests\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AfterRotation_TheOldKeyIs401_AndTheNewOneWorks()
    {
        await using var api = new ApiFactory(services, new Dictionary<string, string?> { ["ApiKeys:tests"] = null, ["ApiKeys:tests:0"] = NextKey });
        var path = new Uri($"/api/consents/{Uri.EscapeDataString(TestNumbers.Delivered())}", UriKind.Relative);

        using var old = api.CreateAppClient(ApiFactory.AppKey);
        using var next = api.CreateAppClient(NextKey);

        Assert.Equal(HttpStatusCode.Unauthorized, (await old.GetAsync(path)).StatusCode);
        // A number never recorded is 404 for an app with a valid key, 401 without one.
        Assert.Equal(HttpStatusCode.NotFound, (await next.GetAsync(path)).StatusCode);
    }

    [Theory]
    [InlineData("ApiKeys:tests:1", "another-tests-key-0123456", "ApiKeys:tests:0", "a-third-tests-key-0123456", "at most 2 keys per app")]
    [InlineData("ApiKeys:tests:1", ApiFactory.OtherAppKey, null, null, "two apps share a key")]
    [InlineData("ApiKeys:tests:1", "short", null, null, "at least 16 characters")]
    [InlineData("Apps:tests:Scopes", "messages:send,messages:write", null, null, "Apps:tests:Scopes: 'messages:write' is not a scope")]
    public async Task BadKeysOrScopes_StopStartUp_NamingTheProblem(string key, string value, string? key2, string? value2, string expected)
    {
        var settings = new Dictionary<string, string?> { [key] = value };
        if (key2 is not null)
        {
            settings[key2] = value2;
        }

        await using var api = new ApiFactory(services, settings);

        var error = Assert.ThrowsAny<OptionsValidationException>(() => api.CreateClient());
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Defaults_WithOneKeyPerAppAndNoScopes_GrantEveryScopeButTheOverride()
    {
        await using var api = new ApiFactory(services);
        using var client = api.CreateClient();

        var options = api.Services.GetRequiredService<IOptions<Notifications.Api.Auth.AppScopeOptions>>().Value;
        var keys = api.Services.GetRequiredService<IOptions<Notifications.Api.Auth.ApiKeyOptions>>().Value;

        Assert.Equal(["messages:send", "messages:read", "consent:write", "consent:read", "reports:read"], options.For("other"));
        Assert.Equal([ApiFactory.OtherAppKey], keys.Keys["other"]);
    }
}
