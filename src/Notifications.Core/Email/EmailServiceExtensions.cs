using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Notifications.Core.Email;

public static class EmailServiceExtensions
{
    /// <summary>The email suppression list and the policy the fallback job asks before it sends (needs the consent ledger).</summary>
    public static IServiceCollection AddEmailPreferences(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<EmailSuppressionStore>();
        services.AddScoped<FallbackEmailPolicy>();
        return services;
    }
}
