using Microsoft.AspNetCore.Diagnostics;
using Notifications.Api.Auth;
using Notifications.Api.Http;
using Notifications.Api.Messages;
using Notifications.Api.OpenApi;
using Notifications.Api.SendGrid;
using Notifications.Api.Twilio;
using Notifications.Api.Webhooks;
using Notifications.Core.Consent;
using Notifications.Core.Data;
using Notifications.Core.Email;
using Notifications.Core.Messages;
using Notifications.Core.SendGrid;
using Notifications.Core.Sms;
using Notifications.Core.Twilio;

namespace Notifications.Api;

internal static class ApiServiceExtensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddNotificationsDatabase();
        builder.AddNotificationsCache();
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ApiExceptionHandler>();
        builder.Services.Configure<ExceptionHandlerOptions>(options =>
            options.SuppressDiagnosticsCallback = context => ApiExceptionHandler.IsServiceUnavailable(context.Exception));
        builder.Services.AddNotificationsOpenApi();
        builder.Services.AddApiKeyAuthentication();
        builder.Services.AddTwilioClient();
        builder.Services.AddConsentServices();
        builder.Services.AddInboundMessageHandling();
        builder.Services.AddSingleton<TwilioSignatureFilter>();
        builder.Services.AddHostedService<PendingInboundReplay>();
        builder.Services.AddSmsOptions();
        builder.Services.AddOptions<DailySegmentLimitOptions>()
            .Configure<IConfiguration>((options, configuration) =>
            {
                foreach (var app in configuration.GetSection(DailySegmentLimitOptions.SectionName).GetChildren())
                {
                    if (app[DailySegmentLimitOptions.LimitKey] is { } limit)
                    {
                        options.Set(app.Key, limit);
                    }
                }
            })
            .ValidateOnStart();
        builder.Services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<DailySegmentLimitOptions>, DailySegmentLimitOptionsValidator>();
        builder.Services.AddSingleton<MessageAcceptor>();
        builder.Services.AddHostedService(services => services.GetRequiredService<MessageAcceptor>());
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddHostedService(services => services.GetRequiredService<OutboxSignal>());
        builder.Services.AddScoped<StatusCallbackProcessor>();
        builder.Services.AddSingleton<StatusCallbackBatcher>();
        builder.Services.AddHostedService(services => services.GetRequiredService<StatusCallbackBatcher>());
        builder.Services.AddSingleton<UnstoredCallbacks>();
        builder.Services.AddHostedService<CallbackGapRecorder>();
        builder.Services.AddScoped<FallbackEventProcessor>();
        builder.Services.AddEmailPreferences();
        builder.Services.AddSendGridWebhookVerification();
        builder.Services.AddOptions<SendGridWebhookOptions>().BindConfiguration(SendGridWebhookOptions.Section);
        builder.Services.AddHostedService<SendGridWebhookStartupCheck>();
        builder.Services.AddTrustedProxies();
        builder.Services.AddSingleton<Notifications.Core.Telemetry.NotificationsMetrics>();
        builder.Services.ConfigureHttpJsonOptions(options =>
            options.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never);
        return builder;
    }
}
