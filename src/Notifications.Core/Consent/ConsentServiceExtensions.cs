using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Notifications.Core.Inbound;
using Notifications.Core.Privacy;
using Notifications.Core.Programs;
using Notifications.Core.Suppression;

namespace Notifications.Core.Consent;

public static class ConsentServiceExtensions
{
    /// <summary>
    /// The consent ledger, the suppression list and its cache (with the secret its hashes use, loaded at start-up),
    /// the opt-out recorder, and the consent gate.
    /// </summary>
    public static IServiceCollection AddConsentServices(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<NumberHashOptions>()
            .BindConfiguration(NumberHashOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<NumberKeyStore>();
        services.AddHostedService<NumberKeyWarmup>();
        services.AddSingleton<SuppressionCache>();
        services.AddScoped<SuppressionList>();
        services.AddScoped<SuppressionCacheRebuilder>();
        services.AddScoped<ConsentLedger>();
        services.AddScoped<OptOutRecorder>();
        services.AddScoped<ConsentGate>();
        return services;
    }

    /// <summary>Handling of inbound SMS (keywords, replies in each program's voice, the queue of those held during an outage).</summary>
    public static IServiceCollection AddInboundMessageHandling(this IServiceCollection services)
    {
        services.AddScoped<InboundMessageProcessor>();
        // Double opt-in replaces this with the pending requests a YES confirms.
        services.TryAddScoped<IConsentRequestConfirmer, NoConsentRequests>();
        services.AddSingleton<HeldInboundMessages>();
        services.AddPrograms(requireTexts: true);
        return services;
    }
}
