using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;

namespace Notifications.AppHost;

/// <summary>
/// Points the api and worker at Twilio and SendGrid when credentials are configured in the
/// AppHost (same key names as the services), and at the local simulator otherwise
/// (<see cref="ProviderSettings"/> decides).
/// </summary>
internal static class ProviderWiring
{
    private const string SimulatorAccountSid = "AC00000000000000000000000000000000";
    private const string SimulatorFromNumber = "+15005550006";
    private const string SimulatorSenderEmail = "notifications@example.com";

    private static readonly string[] PassThroughKeys =
    [
        "TWILIO_FROM_NUMBER", "TWILIO_MESSAGING_SERVICE_SID", "SENDGRID_FROM_EMAIL", "SENDGRID_WEBHOOK_PUBLIC_KEY",
    ];

    private static readonly string[] PassThroughSections = ["Sms:Senders", "Programs"];

    public static void WireProviders(
        this IDistributedApplicationBuilder builder,
        ProviderSettings providers,
        IResourceBuilder<ProjectResource> api,
        IResourceBuilder<ProjectResource> worker,
        IResourceBuilder<ProjectResource>? simulator)
    {
        var services = new[] { api, worker };

        // Where providers reach the api: the configured public origin, else the api's local address
        // (enough for the simulator, which runs on this machine).
        var apiUrl = api.GetEndpoint("http");
        var callbackOrigin = providers.PublicBaseUrl is { } origin
            ? ReferenceExpression.Create($"{origin}")
            : ReferenceExpression.Create($"{apiUrl}");
        var configuredCallback = builder.Configuration["TWILIO_STATUS_CALLBACK_URL"];
        var statusCallbackUrl = string.IsNullOrWhiteSpace(configuredCallback)
            ? ReferenceExpression.Create($"{callbackOrigin}{ProviderSettings.StatusCallbackPath}")
            : ReferenceExpression.Create($"{configuredCallback}");

        foreach (var service in services)
        {
            service.WithEnvironment("TWILIO_STATUS_CALLBACK_URL", statusCallbackUrl)
                .WithEnvironment(ProviderSettings.PublicBaseUrlKey, callbackOrigin);
            foreach (var key in PassThroughKeys.Where(k => !string.IsNullOrWhiteSpace(builder.Configuration[k])))
            {
                service.WithEnvironment(key, builder.Configuration[key]);
            }

            // The senders and programs, to both: the worker sends from them, the api routes inbound STOP by the number it reached.
            foreach (var section in PassThroughSections)
            {
                foreach (var (key, value) in builder.Configuration.GetSection(section).AsEnumerable().Where(e => e.Value is not null))
                {
                    service.WithEnvironment(key.Replace(":", "__", StringComparison.Ordinal), value);
                }
            }
        }

        if (providers.RealTwilio)
        {
            var sid = builder.AddParameter("twilio-account-sid", builder.Configuration["TWILIO_ACCOUNT_SID"]!);
            var token = builder.AddParameter("twilio-auth-token", builder.Configuration["TWILIO_AUTH_TOKEN"]!, secret: true);
            foreach (var service in services)
            {
                service.WithEnvironment("TWILIO_ACCOUNT_SID", sid).WithEnvironment("TWILIO_AUTH_TOKEN", token);
            }
        }
        else
        {
            ArgumentNullException.ThrowIfNull(simulator);
            var token = builder.AddParameter("simulator-twilio-auth-token", NewSecret(), secret: true);
            simulator.WithEnvironment("Simulator__Twilio__AccountSid", SimulatorAccountSid)
                .WithEnvironment("Simulator__Twilio__AuthToken", token)
                .WithEnvironment("Simulator__Twilio__InboundWebhookUrl", ReferenceExpression.Create($"{callbackOrigin}/api/webhooks/twilio/inbound"));
            foreach (var service in services)
            {
                service.WithEnvironment("TWILIO_ACCOUNT_SID", SimulatorAccountSid)
                    .WithEnvironment("TWILIO_AUTH_TOKEN", token)
                    .WithEnvironment("TWILIO_API_BASE_URL", simulator.GetEndpoint("http"));
                if (string.IsNullOrWhiteSpace(builder.Configuration["TWILIO_FROM_NUMBER"]))
                {
                    service.WithEnvironment("TWILIO_FROM_NUMBER", SimulatorFromNumber);
                }
            }
        }

        if (providers.RealSendGrid)
        {
            var key = builder.AddParameter("sendgrid-api-key", builder.Configuration["SENDGRID_API_KEY"]!, secret: true);
            foreach (var service in services)
            {
                service.WithEnvironment("SENDGRID_API_KEY", key);
            }
        }
        else
        {
            ArgumentNullException.ThrowIfNull(simulator);
            var key = builder.AddParameter("simulator-sendgrid-api-key", "SG." + NewSecret(), secret: true);
            using var signingKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            simulator.WithEnvironment("Simulator__SendGrid__ApiKey", key)
                .WithEnvironment("Simulator__SendGrid__SigningKey", Convert.ToBase64String(signingKey.ExportPkcs8PrivateKey()))
                .WithEnvironment("Simulator__SendGrid__EventWebhookUrl", ReferenceExpression.Create($"{callbackOrigin}/api/webhooks/sendgrid/events"));
            foreach (var service in services)
            {
                service.WithEnvironment("SENDGRID_API_KEY", key)
                    .WithEnvironment("SENDGRID_API_BASE_URL", simulator.GetEndpoint("http"))
                    .WithEnvironment("SENDGRID_WEBHOOK_PUBLIC_KEY", Convert.ToBase64String(signingKey.ExportSubjectPublicKeyInfo()));
                if (string.IsNullOrWhiteSpace(builder.Configuration["SENDGRID_FROM_EMAIL"]))
                {
                    service.WithEnvironment("SENDGRID_FROM_EMAIL", SimulatorSenderEmail);
                }
            }
        }
    }

    private static string NewSecret() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
}
