using Hangfire;
using Hangfire.PostgreSql;
using Notifications.Core.Consent;
using Notifications.Core.Data;
using Notifications.Worker.Dashboard;
using Notifications.Worker.Jobs;
using Notifications.Worker.Suppression;

namespace Notifications.Worker;

internal static class WorkerServiceExtensions
{
    public static IHostApplicationBuilder AddWorkerServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<HangfireServerSettings>()
            .BindConfiguration(HangfireServerSettings.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        var connectionString = builder.Configuration.GetConnectionString(NotificationsDbContext.ConnectionName)!;
        var settings = builder.Configuration.GetSection(HangfireServerSettings.SectionName).Get<HangfireServerSettings>()
            ?? new HangfireServerSettings();

        builder.Services.AddHangfire(config => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UsePostgreSqlStorage(
                options => options.UseNpgsqlConnection(connectionString),
                new PostgreSqlStorageOptions
                {
                    SchemaName = HangfireSchema.Name,
                    // The migrations resource installs the schema before the worker starts.
                    PrepareSchemaIfNecessary = false,
                    EnableLongPolling = true,
                    QueuePollInterval = settings.QueuePollInterval,
                    InvisibilityTimeout = settings.InvisibilityTimeout,
                }));

        builder.Services.AddHangfireServer(options =>
        {
            options.WorkerCount = settings.WorkerCount;
            options.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}";
        });

        builder.Services.AddConsentServices();
        builder.Services.AddScoped<SuppressionCacheJob>();
        builder.Services.AddHostedService<SuppressionCacheWarmup>();
        builder.Services.AddHostedService<RecurringJobs>();

        builder.AddJobsDashboard();
        return builder;
    }
}
