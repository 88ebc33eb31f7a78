using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Notifications.Client;
using Notifications.Client.Aspire;

namespace Notifications.UnitTests.Client;

/// <summary>The client's options (defaults, validation naming the key) and what its registration puts in the handler chain.</summary>
public sealed class ClientRegistrationTests
{
    [Fact]
    public void Options_Defaults_AreDocumentedValues_AndValid_WithBaseAddressAndKey()
    {
        var options = new NotificationsClientOptions { BaseAddress = new Uri("https://notifications.example"), ApiKey = "key" };

        Assert.Equal(3, options.MaxRetryAttempts);
        Assert.Equal(TimeSpan.FromSeconds(30), options.MaxRetryAfter);
        Assert.Equal(TimeSpan.FromSeconds(1), options.RetryBaseDelay);
        Assert.Equal(TimeSpan.FromSeconds(30), options.AttemptTimeout);
        Assert.True(new NotificationsClientOptionsValidator().Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData(null, "key", 3, "Notifications:BaseAddress")]
    [InlineData("relative/path", "key", 3, "Notifications:BaseAddress")]
    [InlineData("https://notifications.example", null, 3, "Notifications:ApiKey")]
    [InlineData("https://notifications.example", "key", 11, "Notifications:MaxRetryAttempts")]
    [InlineData("https://notifications.example", "key", -1, "Notifications:MaxRetryAttempts")]
    public void Options_Invalid_FailNamingTheKey(string? baseAddress, string? apiKey, int retries, string key)
    {
        var options = new NotificationsClientOptions
        {
            BaseAddress = baseAddress is null ? null : new Uri(baseAddress, UriKind.RelativeOrAbsolute),
            ApiKey = apiKey,
            MaxRetryAttempts = retries,
        };

        var result = new NotificationsClientOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains(key, result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("MaxRetryAfter", "00:10:01")]
    [InlineData("RetryBaseDelay", "00:01:01")]
    [InlineData("AttemptTimeout", "00:00:00")]
    public void Options_TimesOutOfRange_FailNamingTheKey(string property, string value)
    {
        var options = new NotificationsClientOptions { BaseAddress = new Uri("https://notifications.example"), ApiKey = "key" };
        typeof(NotificationsClientOptions).GetProperty(property)!.SetValue(options, TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture));

        var result = new NotificationsClientOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains($"Notifications:{property}", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Registration_ReplacesEveryClientsDefaultResilienceHandler_WithItsOwnOnly()
    {
        var services = new ServiceCollection();
        // What an app's service defaults do: a standard resilience handler on every client, retrying 500s.
        services.ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler());
        var name = services.AddNotificationsClient(o =>
        {
            o.BaseAddress = new Uri("https://notifications.example");
            o.ApiKey = "key";
        }).Name;
        using var provider = services.BuildServiceProvider();

        var handlers = new List<DelegatingHandler>();
        for (var handler = provider.GetRequiredService<IHttpMessageHandlerFactory>().CreateHandler(name) as DelegatingHandler; handler is not null;
             handler = handler.InnerHandler as DelegatingHandler)
        {
            handlers.Add(handler);
        }

        Assert.Single(handlers.OfType<ResilienceHandler>());
        var resilience = provider.GetRequiredService<IOptionsMonitor<HttpStandardResilienceOptions>>().Get($"{name}-standard");
        Assert.Equal(3, resilience.Retry.MaxRetryAttempts);
        Assert.Equal(TimeSpan.FromSeconds(30), resilience.AttemptTimeout.Timeout);
        Assert.True(resilience.TotalRequestTimeout.Timeout >= TimeSpan.FromSeconds((4 * 30) + (3 * 30)));
    }

    [Fact]
    public async Task HostBuilder_WithoutTheApiKey_FailsAtStart_NamingTheKey()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.AddNotificationsClient("api");
        using var host = builder.Build();

        // The client's options, and the resilience options made from them, each report the failure.
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync());

        Assert.All(failure is AggregateException all ? all.InnerExceptions : [failure], e => Assert.IsType<OptionsValidationException>(e));
        Assert.Contains("Notifications:ApiKey", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Notifications:BaseAddress", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void HostBuilder_ReadsTheSection_AndDefaultsTheBaseAddressToTheServiceName()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Notifications:ApiKey"] = "secret", ["Notifications:MaxRetryAttempts"] = "1" });
        builder.AddNotificationsClient("notifications-api");
        using var host = builder.Build();

        var options = host.Services.GetRequiredService<IOptions<NotificationsClientOptions>>().Value;

        Assert.Equal(new Uri("https+http://notifications-api"), options.BaseAddress);
        Assert.Equal("secret", options.ApiKey);
        Assert.Equal(1, options.MaxRetryAttempts);
    }
}
