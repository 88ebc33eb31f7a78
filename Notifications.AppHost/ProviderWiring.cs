using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;

namespace Notifications.AppHost;

/// <summary>
/// Points the api and worker at Twilio and SendGrid when credentials are configured in the
/// AppHost (same key names as the services), and at the local simulator otherwise.
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

    public static void WireProviders(
        this IDistributedApplicationBuilder builder,
        IResourceBuilder<ProjectResource> api,
        IResourceBuilder<ProjectResource> worker,
        IResourceBuilder<ProjectResource> simulator)
    {
        var apiUrl = api.GetEndpoint("http");
        var statusCallbackUrl = ReferenceExpression.Create($"{apiUrl}/api/webhooks/twilio/status");
        var services = new[] { api, worker };

        foreach (var service in services)
        {
            service.WithEnvironment("TWILIO_STATUS_CALLBACK_URL", statusCallbackUrl)
                .WithEnvironment("PUBLIC_BASE_URL", apiUrl);
            foreach (var key in PassThroughKeys.Where(k => !string.IsNullOrWhiteSpace(builder.Configuration[k])))
            {
                service.WithEnvironment(key, builder.Configuration[key]);
            }
        }

        if (HasRealCredentials(builder.Configuration, "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN"))
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
            var token = builder.AddParameter("simulator-twilio-auth-token", NewSecret(), secret: true);
            simulator.WithEnvironment("Simulator__Twilio__AccountSid", SimulatorAccountSid)
                .WithEnvironment("Simulator__Twilio__AuthToken", token)
                .WithEnvironment("Simulator__Twilio__InboundWebhookUrl", ReferenceExpression.Create($"{apiUrl}/api/webhooks/twilio/inbound"));
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

        if (HasRealCredentials(builder.Configuration, "SENDGRID_API_KEY"))
        {
            var key = builder.AddParameter("sendgrid-api-key", builder.Configuration["SENDGRID_API_KEY"]!, secret: true);
            foreach (var service in services)
            {
                service.WithEnvironment("SENDGRID_API_KEY", key);
            }
        }
        else
        {
            var key = builder.AddParameter("simulator-sendgrid-api-key", "SG." + NewSecret(), secret: true);
            using var signingKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            simulator.WithEnvironment("Simulator__SendGrid__ApiKey", key)
                .WithEnvironment("Simulator__SendGrid__SigningKey", Convert.ToBase64String(signingKey.ExportPkcs8PrivateKey()))
                .WithEnvironment("Simulator__SendGrid__EventWebhookUrl", ReferenceExpression.Create($"{apiUrl}/api/webhooks/sendgrid/events"));
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

    private static bool HasRealCredentials(ConfigurationManager configuration, params string[] keys) =>
        keys.All(key => !string.IsNullOrWhiteSpace(configuration[key]));

    private static string NewSecret() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
}
