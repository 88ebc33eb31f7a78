using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Notifications.Core.Sms;

namespace Notifications.Core.Programs;

public static class ProgramServiceExtensions
{
    /// <summary>
    /// The <see cref="ProgramCatalog"/> (with the installation senders it reads), validated at start-up. With <paramref name="requireTexts"/> (the process that answers
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

        // Installation senders (Sms:Senders, TWILIO_FROM_NUMBER) without requiring one: each program's effective senders, and
        // the routing of inbound messages by the number they were sent to (none configured: routed to every program).
        services.TryAddSingleton<SmsSendersOptionsSetup>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<SmsSendersOptions>, SmsSendersOptionsSetup>(
            sp => sp.GetRequiredService<SmsSendersOptionsSetup>()));
        services.TryAddSingleton<ProgramCatalog>();
        return services;
    }
}
