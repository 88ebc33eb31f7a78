using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Notifications.Simulator.Inspection;
using Notifications.Simulator.SendGrid;
using Notifications.Simulator.Twilio;

namespace Notifications.Simulator;

internal static class SimulatorServiceExtensions
{
    public static IHostApplicationBuilder AddSimulator(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSimulatorOptions();
        builder.Services.TryAddSingleton(TimeProvider.System);

        builder.Services.AddSingleton<MessageStore>();
        builder.Services.AddSingleton<TwilioBehaviour>();
        builder.Services.AddSingleton<LookupCounter>();
        builder.Services.AddSingleton<StatusCallbackDispatcher>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<StatusCallbackDispatcher>());

        builder.Services.AddSingleton<EmailStore>();
        builder.Services.AddSingleton<RecentLog<InboundRecord>>();
        builder.Services.AddSingleton<RecentLog<RejectedCreate>>();
        builder.Services.AddSingleton<EventSigner>();
        builder.Services.AddSingleton<EventWebhookSender>();

        // Like Twilio and SendGrid, the simulator posts each webhook once: no retry layer.
        foreach (var name in new[] { StatusCallbackDispatcher.HttpClientName, HandsetApi.HttpClientName, EventWebhookSender.HttpClientName })
        {
#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is marked experimental; it is the documented way to opt a client out of the defaults.
            builder.Services.AddHttpClient(name, client => client.Timeout = TimeSpan.FromSeconds(15))
                .RemoveAllResilienceHandlers()
                .RemoveAllLoggers() // thousands of posts a second: per-request log scopes cost more than they tell
                .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
                {
                    // Twilio's and SendGrid's webhooks carry no trace context of the sender.
                    ActivityHeadersPropagator = System.Diagnostics.DistributedContextPropagator.CreateNoOutputPropagator(),
                    PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                });

#pragma warning restore EXTEXP0001
        }

        builder.Services.ConfigureHttpJsonOptions(options =>
            options.SerializerOptions.TypeInfoResolverChain.Insert(0, SimulatorJsonContext.Default));
        return builder;
    }

    /// <summary>Binds <see cref="SimulatorOptions"/> and checks them, nested parts included, at start-up.</summary>
    public static IServiceCollection AddSimulatorOptions(this IServiceCollection services)
    {
        services.AddOptions<SimulatorOptions>()
            .BindConfiguration(SimulatorOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return services;
    }
}
