using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Notifications.Core.Programs;

public static class ProgramServiceExtensions
{
    /// <summary>
    /// The <see cref="ProgramCatalog"/>, validated at start-up. With <paramref name="requireTexts"/> (the process that answers
    /// inbound SMS) every program must also have its brand name and support contact.
    /// </summary>
    public static IServiceCollection AddPrograms(this IServiceCollection services, bool requireTexts = false)
    {
        services.AddOptions<ProgramCatalogOptions>().ValidateOnStart();
        services.TryAddSingleton<ProgramCatalogSetup>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<ProgramCatalogOptions>, ProgramCatalogSetup>(
            sp => sp.GetRequiredService<ProgramCatalogSetup>()));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ProgramCatalogOptions>, ProgramCatalogSetup>(
            sp => sp.GetRequiredService<ProgramCatalogSetup>()));
        if (requireTexts)
        {
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ProgramCatalogOptions>, ProgramTextsValidator>());
        }

        services.TryAddSingleton<ProgramCatalog>();
        return services;
    }
}
