using System.Security.Cryptography;

namespace Notifications.IntegrationTests.Readme;

/// <summary>
/// The stack as <c>./eng/run.sh</c> brings it up, as real processes: api, worker and simulator with their default
/// settings, the simulator posting inbound messages and signed SendGrid events to the api, and the local API key
/// the README names.
/// </summary>
public sealed class ReadmeStackFixture : IAsyncLifetime
{
    /// <summary>The AppHost's default local API key (<c>ApiKeys:dev</c>), which the README's examples use.</summary>
    public const string LocalApiKey = "local-development-key";

    private const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    private const string AuthToken = "readme-tests-auth-token";
    private readonly ECDsa _sendGridKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public LocalPostgres Postgres { get; private set; } = null!;

    public LocalRedis Redis { get; private set; } = null!;

    public ServiceProcess Api { get; private set; } = null!;

    public ServiceProcess Worker { get; private set; } = null!;

    public ServiceProcess Simulator { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Postgres = await LocalPostgres.StartAsync("readme-tests", "notifications-readme");
        Redis = await LocalRedis.StartAsync();
        await using (var migrations = ServiceProcess.Start("Notifications.MigrationService", new Dictionary<string, string> { ["ConnectionStrings__notifications"] = Postgres.ConnectionString }))
        {
            Assert.True(await migrations.WaitForExitAsync() == 0, $"migrations failed:{Environment.NewLine}{migrations.Output}");
        }

        var apiPort = LoopbackPorts.Free();
        var simulatorPort = LoopbackPorts.Free();
        var apiUrl = $"http://127.0.0.1:{apiPort}";
        var simulatorUrl = $"http://127.0.0.1:{simulatorPort}";
        var common = ServiceEnvironment.ForTestStack(Postgres.ConnectionString, Redis.Endpoint, apiUrl, simulatorUrl, AccountSid, AuthToken, "readme-tests");

        Simulator = ServiceProcess.Start("Notifications.Simulator", new Dictionary<string, string>
        {
            ["Simulator__Twilio__AccountSid"] = AccountSid,
            ["Simulator__Twilio__AuthToken"] = AuthToken,
            ["Simulator__Twilio__InboundWebhookUrl"] = $"{apiUrl}/api/webhooks/twilio/inbound",
            ["Simulator__SendGrid__ApiKey"] = "SG.readme-tests",
            ["Simulator__SendGrid__SigningKey"] = Convert.ToBase64String(_sendGridKey.ExportPkcs8PrivateKey()),
            ["Simulator__SendGrid__EventWebhookUrl"] = $"{apiUrl}/api/webhooks/sendgrid/events",
        }, simulatorPort);
        Api = ServiceProcess.Start("Notifications.Api", new Dictionary<string, string>(common)
        {
            ["ApiKeys__dev"] = LocalApiKey,
            ["Apps__dev__Scopes"] = Infrastructure.ApiFactory.AllScopes, // as the AppHost grants its local app
            ["SENDGRID_WEBHOOK_PUBLIC_KEY"] = Convert.ToBase64String(_sendGridKey.ExportSubjectPublicKeyInfo()),
        }, apiPort);
        Worker = ServiceProcess.Start("Notifications.Worker", common);
        await Simulator.WaitHealthyAsync();
        await Api.WaitHealthyAsync();
        await Worker.WaitHealthyAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var process in new[] { Api, Worker, Simulator })
        {
            if (process is not null)
            {
                await process.DisposeAsync();
            }
        }

        if (Redis is not null)
        {
            await Redis.DisposeAsync();
        }

        if (Postgres is not null)
        {
            await Postgres.DisposeAsync();
        }

        _sendGridKey.Dispose();
    }
}
