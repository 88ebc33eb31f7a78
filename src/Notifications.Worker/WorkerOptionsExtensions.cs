using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Notifications.Worker.Dashboard;
using Notifications.Worker.Dispatch;
using Notifications.Worker.Retention;

namespace Notifications.Worker;

/// <summary>
/// The worker's own settings, bound from configuration and checked at start-up: a bad value stops the
/// worker with a message naming its key, instead of surfacing in the first job that reads it.
/// </summary>
internal static class WorkerOptionsExtensions
{
    public static IServiceCollection AddWorkerOptions(this IServiceCollection services)
    {
        services.AddOptions<HangfireServerSettings>()
            .BindConfiguration(HangfireServerSettings.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<DispatchOptions>()
            .BindConfiguration(DispatchOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<ReconciliationOptions>()
            .BindConfiguration(ReconciliationOptions.SectionName)
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ReconciliationOptions>, ReconciliationOptionsValidator>());
        services.AddOptions<RetentionOptions>()
            .BindConfiguration(RetentionOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RetentionOptions>, RetentionOptionsValidator>());
        services.AddOptions<JobsDashboardOptions>()
            .BindConfiguration(JobsDashboardOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        return services;
    }
}
