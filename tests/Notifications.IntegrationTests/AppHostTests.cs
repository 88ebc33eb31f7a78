using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Notifications.IntegrationTests.Infrastructure;

namespace Notifications.IntegrationTests;

public sealed class AppHostTests(AppHostFixture fixture) : IClassFixture<AppHostFixture>
{
    private static readonly TimeSpan StartTimeout = AppHostFixture.StartTimeout;

    [Fact]
    public async Task LocalMode_EveryResourceBecomesHealthy_AndServicesAnswerHealth()
    {
        var app = fixture.App;
        using var cts = new CancellationTokenSource(StartTimeout);
        var notifications = app.Services.GetRequiredService<ResourceNotificationService>();

        var migrations = await notifications.WaitForResourceAsync(
            "migrations", e => KnownResourceStates.TerminalStates.Contains(e.Snapshot.State?.Text), cts.Token);
        Assert.Equal(KnownResourceStates.Finished, migrations.Snapshot.State?.Text);
        Assert.Equal(0, migrations.Snapshot.ExitCode);

        foreach (var resource in new[] { "postgres", "notifications", "cache", "simulator", "api", "worker", "booking" })
        {
            await notifications.WaitForResourceHealthyAsync(resource, cts.Token);
        }

        foreach (var service in new[] { "api", "worker", "simulator", "booking" })
        {
            using var client = app.CreateHttpClient(service);
            var response = await client.GetAsync(new Uri("/health", UriKind.Relative), cts.Token);
            Assert.True(response.IsSuccessStatusCode, $"{service} /health answered {(int)response.StatusCode}");
            Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(cts.Token));
        }
    }

    [Fact]
    public async Task WorkerDashboard_WithForwardedHeader_RequiresCredentials()
    {
        var app = fixture.App;
        using var client = app.CreateHttpClient("worker");
        using var cts = new CancellationTokenSource(StartTimeout);
        await app.Services.GetRequiredService<ResourceNotificationService>().WaitForResourceHealthyAsync("worker", cts.Token);

        // A request relayed by a proxy never counts as local, even in Development.
        using var request = new HttpRequestMessage(HttpMethod.Get, "/hangfire");
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        var response = await client.SendAsync(request, cts.Token);

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("Basic", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }
}
