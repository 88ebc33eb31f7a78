using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Notifications.Core.Sms;

public static class SmsServiceExtensions
{
    /// <summary>Registers <see cref="SmsOptions"/> (section <c>Sms</c>), validated at start-up.</summary>
    public static IServiceCollection AddSmsOptions(this IServiceCollection services)
    {
        services.AddOptions<SmsOptions>().BindConfiguration(SmsOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SmsOptions>, SmsOptionsValidator>();
        return services;
    }
}
