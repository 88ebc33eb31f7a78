using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Core.Consent;
using Notifications.Core.Messages;
using Notifications.Core.Sms;
using Notifications.Core.Telemetry;
using Notifications.Core.Twilio;
using Notifications.IntegrationTests.Simulator;
using Notifications.Worker.Dispatch;
using StackExchange.Redis;

namespace Notifications.IntegrationTests.Infrastructure;

/// <summary>The worker's reconciliation job and what it needs, wired as the worker wires them, against the test services and the simulator.</summary>
public static class ReconciliationServices
{
    public static ServiceProvider Build(ServicesFixture services, SimulatorFixture simulator, Action<ReconciliationOptions>? configure = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [TwilioOptions.AccountSidKey] = SimulatorFixture.AccountSid,
            [TwilioOptions.AuthTokenKey] = SimulatorFixture.AuthToken,
            [TwilioOptions.ApiBaseUrlKey] = simulator.Simulator.BaseUrl.ToString(),
        }).Build();
        var collection = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddMetrics()
            .AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(services.CacheConnectionString))
            .AddSingleton<NotificationsMetrics>()
            .AddSingleton<ISmsSender, TwilioSmsSender>()
            .AddScoped<StatusCallbackProcessor>()
            .AddScoped<ReconciliationJob>()
            .AddTwilioClient()
            .AddConsentServices();
        collection.AddOptions<ReconciliationOptions>().Configure(options => configure?.Invoke(options));
        collection.AddScoped(_ => services.CreateDbContext());
        return collection.BuildServiceProvider();
    }
}
