using Notifications.Api.Auth;
using Notifications.Api.Messages;
using Notifications.Core.Messages;
using Notifications.Api.Webhooks;
using Notifications.Core.Consent;
using Notifications.Core.Data;
using Notifications.Core.Sms;

namespace Notifications.Api;

internal static class ApiServiceExtensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddNotificationsDatabase();
        builder.AddNotificationsCache();
        builder.Services.AddProblemDetails();
        builder.Services.AddApiKeyAuthentication();
        builder.Services.AddTwilioClient();
        builder.Services.AddConsentServices();
        builder.Services.AddInboundMessageHandling();
        builder.Services.AddSingleton<TwilioSignatureFilter>();
        builder.Services.AddScoped<MessageAcceptor>();
        builder.Services.AddScoped<StatusCallbackProcessor>();
        builder.Services.AddSingleton<Notifications.Core.Telemetry.NotificationsMetrics>();
        builder.Services.ConfigureHttpJsonOptions(options =>
            options.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.Never);
        return builder;
    }
}
