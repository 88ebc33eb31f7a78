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

    /// <summary>Any of these names the default sender the worker needs.</summary>
    private static readonly string[] SenderKeys =
        ["TWILIO_FROM_NUMBER", "TWILIO_MESSAGING_SERVICE_SID", "Sms:Senders:default:From", "Sms:Senders:default:MessagingServiceSid"];

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

            // Published with no sender configured: the deployment names the default sender (the worker refuses to start without one).
            if (builder.ExecutionContext.IsPublishMode && !HasSender(builder))
            {
                var from = builder.AddParameter("twilio-from-number");
                foreach (var service in services)
                {
                    service.WithEnvironment("TWILIO_FROM_NUMBER", from);
                }
            }
        }
        else
        {
            ArgumentNullException.ThrowIfNull(simulator);
            var token = builder.AddSimulatorSecret("simulator-twilio-auth-token");
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

            // Published: the api refuses unsigned SendGrid events outside Development, so the deployment supplies
            // the Event Webhook's verification key unless the configuration already passes one through.
            if (builder.ExecutionContext.IsPublishMode && string.IsNullOrWhiteSpace(builder.Configuration["SENDGRID_WEBHOOK_PUBLIC_KEY"]))
            {
                api.WithEnvironment("SENDGRID_WEBHOOK_PUBLIC_KEY", builder.AddParameter("sendgrid-webhook-public-key"));
            }

            if (builder.ExecutionContext.IsPublishMode && string.IsNullOrWhiteSpace(builder.Configuration["SENDGRID_FROM_EMAIL"]))
            {
                var fromEmail = builder.AddParameter("sendgrid-from-email");
                foreach (var service in services)
                {
                    service.WithEnvironment("SENDGRID_FROM_EMAIL", fromEmail);
                }
            }
        }
        else
        {
            ArgumentNullException.ThrowIfNull(simulator);
            var key = builder.AddSimulatorSecret("simulator-sendgrid-api-key");
            var (privateKey, publicKey) = SimulatorSigningKeys(builder);
            simulator.WithEnvironment("Simulator__SendGrid__ApiKey", key)
                .WithEnvironment("Simulator__SendGrid__SigningKey", privateKey)
                .WithEnvironment("Simulator__SendGrid__EventWebhookUrl", ReferenceExpression.Create($"{callbackOrigin}/api/webhooks/sendgrid/events"));
            foreach (var service in services)
            {
                service.WithEnvironment("SENDGRID_API_KEY", key)
                    .WithEnvironment("SENDGRID_API_BASE_URL", simulator.GetEndpoint("http"))
                    .WithEnvironment("SENDGRID_WEBHOOK_PUBLIC_KEY", publicKey);
                if (string.IsNullOrWhiteSpace(builder.Configuration["SENDGRID_FROM_EMAIL"]))
                {
                    service.WithEnvironment("SENDGRID_FROM_EMAIL", SimulatorSenderEmail);
                }
            }
        }
    }

    private static bool HasSender(IDistributedApplicationBuilder builder) =>
        SenderKeys.Any(key => !string.IsNullOrWhiteSpace(builder.Configuration[key]));

    /// <summary>
    /// A secret shared by the simulator and the services. Run locally: random for this run. Published: generated by
    /// the deployment tool (the manifest asks for a generated value), never written into the description.
    /// </summary>
    private static IResourceBuilder<ParameterResource> AddSimulatorSecret(this IDistributedApplicationBuilder builder, string name) =>
        builder.ExecutionContext.IsPublishMode
            ? builder.AddParameter(name, new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true)
            : builder.AddParameter(name, NewSecret(), secret: true);

    /// <summary>
    /// The key pair the simulator signs SendGrid events with and the api checks them against. Run locally: a new pair
    /// per run. Published: two inputs of the deployment (a private key must not be written into the description):
    /// <c>simulator-sendgrid-signing-key</c> (base64 PKCS#8 ECDSA P-256, secret) and <c>simulator-sendgrid-public-key</c>
    /// (its base64 SubjectPublicKeyInfo).
    /// </summary>
    private static (ReferenceExpression PrivateKey, ReferenceExpression PublicKey) SimulatorSigningKeys(IDistributedApplicationBuilder builder)
    {
        if (builder.ExecutionContext.IsPublishMode)
        {
            var signing = builder.AddParameter("simulator-sendgrid-signing-key", secret: true);
            var verifying = builder.AddParameter("simulator-sendgrid-public-key");
            return (ReferenceExpression.Create($"{signing.Resource}"), ReferenceExpression.Create($"{verifying.Resource}"));
        }

        using var signingKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var privateKey = Convert.ToBase64String(signingKey.ExportPkcs8PrivateKey());
        var publicKey = Convert.ToBase64String(signingKey.ExportSubjectPublicKeyInfo());
        return (ReferenceExpression.Create($"{privateKey}"), ReferenceExpression.Create($"{publicKey}"));
    }

    private static string NewSecret() => Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
}
