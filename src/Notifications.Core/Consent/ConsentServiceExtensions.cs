using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Notifications.Core.Inbound;
using Notifications.Core.Suppression;

namespace Notifications.Core.Consent;

public static class ConsentServiceExtensions
{
    /// <summary>The consent ledger, the suppression list and its cache, the opt-out recorder, and the consent gate.</summary>
    public static IServiceCollection AddConsentServices(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<SuppressionCache>();
        services.AddScoped<SuppressionList>();
        services.AddScoped<SuppressionCacheRebuilder>();
        services.AddScoped<ConsentLedger>();
        services.AddScoped<OptOutRecorder>();
        services.AddScoped<ConsentGate>();
        return services;
    }

    /// <summary>Handling of inbound SMS (keywords, replies from <c>Sms:Program</c>).</summary>
    public static IServiceCollection AddInboundMessageHandling(this IServiceCollection services)
    {
        services.AddScoped<InboundMessageProcessor>();
        services.AddOptions<SmsProgramOptions>()
            .BindConfiguration(SmsProgramOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return services;
    }
}
