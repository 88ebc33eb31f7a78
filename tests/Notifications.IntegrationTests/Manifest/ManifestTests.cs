namespace Notifications.IntegrationTests.Manifest;

/// <summary>
/// The deployable description: <c>--publisher manifest</c> writes every resource and every setting each service needs
/// at start, PostgreSQL and Redis as connection strings the deployment supplies, and no secret in clear.
/// </summary>
public sealed class ManifestTests
{
    private const string TwilioSid = "AC0123456789abcdef0123456789abcdef";
    private const string TwilioToken = "manifest-tests-twilio-auth-token";
    private const string SendGridKey = "SG.manifest-tests-sendgrid-key";

    /// <summary>What each service reads at start and cannot start (or work) without, whichever providers are real.</summary>
    private static readonly Dictionary<string, string[]> Required = new(StringComparer.Ordinal)
    {
        ["migrations"] = ["ConnectionStrings__notifications"],
        ["api"] =
        [
            "ConnectionStrings__notifications", "ConnectionStrings__cache", "ApiKeys__dev", "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN",
            "TWILIO_STATUS_CALLBACK_URL", "PUBLIC_BASE_URL", "SENDGRID_WEBHOOK_PUBLIC_KEY",
        ],
        ["worker"] =
        [
            "ConnectionStrings__notifications", "ConnectionStrings__cache", "TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM_NUMBER",
            "TWILIO_STATUS_CALLBACK_URL", "SENDGRID_API_KEY", "SENDGRID_FROM_EMAIL", "HangfireDashboard__Password",
        ],
    };

    /// <summary>What the simulator needs to stand in for both providers and call the api back.</summary>
    private static readonly string[] SimulatorRequired =
    [
        "Simulator__Twilio__AccountSid", "Simulator__Twilio__AuthToken", "Simulator__Twilio__InboundWebhookUrl",
        "Simulator__SendGrid__ApiKey", "Simulator__SendGrid__SigningKey", "Simulator__SendGrid__EventWebhookUrl",
    ];

    /// <summary>Settings whose value is a secret: each must be a secret input of the deployment, never a value in the file.</summary>
    private static readonly string[] Secrets =
    [
        "ConnectionStrings__notifications", "ConnectionStrings__cache", "ApiKeys__dev", "TWILIO_AUTH_TOKEN", "SENDGRID_API_KEY",
        "HangfireDashboard__Password", "Simulator__Twilio__AuthToken", "Simulator__SendGrid__ApiKey", "Simulator__SendGrid__SigningKey",
    ];

    [Fact]
    public async Task Publish_WithoutProviderCredentials_DescribesEveryServiceAndTheSimulator_WithEverySettingTheyNeed()
    {
        var manifest = await PublishedManifest.PublishAsync();

        Assert.Equal("parameter.v0", manifest.Resource("notifications").GetProperty("type").GetString());
        Assert.Equal("{notifications.value}", manifest.Resource("notifications").GetProperty("connectionString").GetString());
        Assert.Equal("{cache.value}", manifest.Resource("cache").GetProperty("connectionString").GetString());
        AssertEveryServiceHasWhatItNeeds(manifest);
        var simulator = manifest.Environment("simulator");
        Assert.All(SimulatorRequired, key => Assert.True(simulator.ContainsKey(key), $"the simulator is not given {key}"));
        Assert.All(simulator.Where(v => Secrets.Contains(v.Key)), v =>
            Assert.True(manifest.IsSecretParameter(v.Value), $"the simulator's {v.Key} is '{v.Value}', not a secret input of the deployment"));
        foreach (var service in new[] { "api", "worker" })
        {
            var environment = manifest.Environment(service);
            Assert.Equal("{simulator.bindings.http.url}", environment["TWILIO_API_BASE_URL"]);
            Assert.Equal("{simulator.bindings.http.url}", environment["SENDGRID_API_BASE_URL"]);
            Assert.Equal("{api.bindings.http.url}", environment["PUBLIC_BASE_URL"]);
            // The simulator verifies what it signs with the key pair the deployment supplies.
            Assert.Equal("{simulator-sendgrid-public-key.value}", environment["SENDGRID_WEBHOOK_PUBLIC_KEY"]);
        }

        // Local mode's servers are not part of a deployment.
        Assert.DoesNotContain("postgres", manifest.Names);
    }

    [Fact]
    public async Task Publish_WithProviderCredentials_LeavesTheSimulatorOut_AndWritesNoCredential()
    {
        var manifest = await PublishedManifest.PublishAsync(
            $"TWILIO_ACCOUNT_SID={TwilioSid}", $"TWILIO_AUTH_TOKEN={TwilioToken}", $"SENDGRID_API_KEY={SendGridKey}",
            "PUBLIC_BASE_URL=https://notifications.example.com");

        Assert.DoesNotContain("simulator", manifest.Names);
        Assert.DoesNotContain("simulator", manifest.Text, StringComparison.Ordinal);
        AssertEveryServiceHasWhatItNeeds(manifest);
        foreach (var service in new[] { "api", "worker" })
        {
            var environment = manifest.Environment(service);
            Assert.Equal("https://notifications.example.com", environment["PUBLIC_BASE_URL"]);
            Assert.Equal("https://notifications.example.com/api/webhooks/twilio/status", environment["TWILIO_STATUS_CALLBACK_URL"]);
            Assert.Equal("{twilio-account-sid.value}", environment["TWILIO_ACCOUNT_SID"]);
            Assert.False(environment.ContainsKey("TWILIO_API_BASE_URL"), $"{service} is pointed at a Twilio stand-in");
        }

        // Published credentials are inputs of the deployment, not values baked into the file.
        foreach (var credential in new[] { TwilioSid, TwilioToken, SendGridKey })
        {
            Assert.DoesNotContain(credential, manifest.Text, StringComparison.Ordinal);
        }
    }

    private static void AssertEveryServiceHasWhatItNeeds(PublishedManifest manifest)
    {
        foreach (var (service, keys) in Required)
        {
            var environment = manifest.Environment(service);
            Assert.All(keys, key => Assert.True(environment.ContainsKey(key), $"{service} is not given {key}"));
            foreach (var (key, value) in environment)
            {
                // Everything a value refers to is described too.
                Assert.All(PublishedManifest.Referenced(value), resource =>
                    Assert.True(manifest.Names.Contains(resource), $"{service}'s {key} refers to '{resource}', which the manifest does not describe"));
                if (Secrets.Contains(key) || key.StartsWith("ApiKeys__", StringComparison.Ordinal))
                {
                    Assert.True(
                        manifest.IsSecretParameter(value) || key.StartsWith("ConnectionStrings__", StringComparison.Ordinal),
                        $"{service}'s {key} is '{value}', not a secret input of the deployment");
                }
            }

            Assert.Equal("{notifications.connectionString}", environment["ConnectionStrings__notifications"]);
            if (service != "migrations")
            {
                Assert.Equal("{cache.connectionString}", environment["ConnectionStrings__cache"]);
            }
        }

        Assert.True(manifest.IsSecretParameter("{notifications.value}"), "the PostgreSQL connection string is not a secret input");
        Assert.True(manifest.IsSecretParameter("{cache.value}"), "the Redis connection string is not a secret input");
    }
}
