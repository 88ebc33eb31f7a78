using Microsoft.Extensions.DependencyInjection;
using Notifications.Core.Inbound;

namespace Notifications.Core.Consent;

public static class ConsentRequestServiceExtensions
{
    /// <summary>Double opt-in: <c>Consent:ConfirmationWindow</c> and the confirmer of pending requests.</summary>
    public static IServiceCollection AddConsentRequests(this IServiceCollection services)
    {
        services.AddOptions<ConsentRequestOptions>()
            .BindConfiguration(ConsentRequestOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddScoped<IConsentRequestConfirmer, ConsentRequestConfirmer>();
        return services;
    }
}
