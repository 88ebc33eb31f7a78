using Hangfire;
using Hangfire.PostgreSql;
using Microsoft.Extensions.Options;
using Notifications.Core.Consent;
using Notifications.Core.Data;
using Notifications.Core.Email;
using Notifications.Core.SendGrid;
using Notifications.Core.Sms;
using Notifications.Core.Twilio;
using Notifications.Worker.Dashboard;
using Notifications.Core.Windows;
using Notifications.Worker.Dispatch;
using Notifications.Worker.Jobs;
using Notifications.Worker.Retention;
using Notifications.Worker.Suppression;

namespace Notifications.Worker;

internal static class WorkerServiceExtensions
{
    public static IHostApplicationBuilder AddWorkerServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddWorkerOptions();

        // Each background loop waits out outages itself (OutageTracker). An exception that still escapes
        // one is a defect that leaves the loop dead: the process stops (and is restarted by its
        // orchestrator) rather than live on without its dispatcher.
        builder.Services.Configure<HostOptions>(options => options.BackgroundServiceExceptionBehavior = BackgroundServiceExceptionBehavior.StopHost);

        var connectionString = builder.Configuration.GetConnectionString(NotificationsDbContext.ConnectionName)!;
        builder.Services.AddHangfire((services, config) => config
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
                    QueuePollInterval = Settings(services).QueuePollInterval,
                    InvisibilityTimeout = Settings(services).InvisibilityTimeout,
                }));

        builder.Services.AddHangfireServer((services, options) =>
        {
            options.Queues = ["sms", "fallback", "default"];
            options.WorkerCount = Settings(services).WorkerCount;
            options.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}";
        });

        builder.Services.AddConsentServices();
        builder.Services.AddEmailPreferences();
        builder.Services.AddTwilioClient();
        builder.Services.AddSendGridClient();
        builder.Services.AddSingleton<ISmsSender, TwilioSmsSender>();
        builder.Services.AddSingleton<IEmailSender, SendGridEmailSender>();
        builder.Services.AddSingleton<IRateShare, HangfireRateShare>();
        builder.Services.AddSingleton<SenderRateLimiter>();
        builder.Services.AddSmsSenders();
        builder.Services.AddSingleton<DispatchStore>();
        builder.Services.AddSendWindows();
        builder.Services.AddSingleton<ScheduleStore>();
        builder.Services.AddSingleton<SendWindowStep>();
        builder.Services.AddSingleton<Notifications.Core.Telemetry.NotificationsMetrics>();
        builder.Services.AddSingleton<MessageHandOver>();
        builder.Services.AddSingleton<DispatchRecovery>();
        builder.Services.AddSingleton<DirectBatchRunner>();
        builder.Services.AddScoped<SendBatchJob>();
        builder.Services.AddScoped<EmailFallbackJob>();
        builder.Services.AddScoped<ReconciliationJob>();
        builder.Services.AddScoped<Feedback.MessageFeedbackJob>();
        builder.Services.AddScoped<Notifications.Core.Messages.StatusCallbackProcessor>();
        builder.Services.AddHostedService<OutboxDispatcher>();
        builder.Services.AddScoped<SuppressionCacheJob>();
        builder.Services.AddSingleton<RetentionMetrics>();
        builder.Services.AddScoped<RetentionPurgeJob>();
        builder.Services.AddScoped<Reporting.ReportRollupJob>();
        builder.Services.AddHostedService<SuppressionCacheWarmup>();
        builder.Services.AddHostedService<RecurringJobs>();

        builder.AddJobsDashboard();
        return builder;
    }

    private static HangfireServerSettings Settings(IServiceProvider services) =>
        services.GetRequiredService<IOptions<HangfireServerSettings>>().Value;
}
