using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Notifications.Core.Windows;

public static class SendWindowServiceExtensions
{
    /// <summary>Quiet hours and frequency caps (<c>SendWindows</c>, <c>FrequencyCaps</c>), validated at start-up.</summary>
    public static IServiceCollection AddSendWindows(this IServiceCollection services)
    {
        services.AddOptions<SendWindowOptions>().BindConfiguration(SendWindowOptions.SectionName).ValidateOnStart();
        services.AddOptions<FrequencyCapsOptions>().BindConfiguration(FrequencyCapsOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SendWindowOptions>, SendWindowOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<FrequencyCapsOptions>, FrequencyCapsOptionsValidator>());
        services.TryAddSingleton<SendWindowPolicy>();
        return services;
    }
}
