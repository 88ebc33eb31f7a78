using Microsoft.Extensions.DependencyInjection;
using Notifications.Client;
using Notifications.IntegrationTests.Infrastructure;
using Npgsql;

namespace Notifications.IntegrationTests.Client;

/// <summary>
/// The service as real processes for the client's tests: migrations, simulator, api and worker on their own PostgreSQL and
/// Redis. Apps: <see cref="App"/> with every scope, <see cref="ReadOnlyApp"/> with <c>messages:read</c> only, and
/// <see cref="BudgetApp"/> with a daily segment limit of <see cref="Budget"/>.
/// </summary>
public sealed class ClientProcesses : IAsyncLifetime
{
    public const string App = "client-tests";
    public const string ReadOnlyApp = "client-readonly";
    public const string BudgetApp = "client-budget";
    public const int Budget = 1;
    private const string AccountSid = "AC0123456789abcdef0123456789abcded";
    private const string AuthToken = "client-tests-auth-token";

    public LocalPostgres Postgres { get; private set; } = null!;

    public LocalRedis Redis { get; private set; } = null!;

    public ServiceProcess Api { get; private set; } = null!;

    public ServiceProcess Worker { get; private set; } = null!;

    public ServiceProcess Simulator { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Postgres = await LocalPostgres.StartAsync("client-tests", "notifications-client");
        Redis = await LocalRedis.StartAsync();
        await using (var migrations = ServiceProcess.Start("Notifications.MigrationService", new Dictionary<string, string> { ["ConnectionStrings__notifications"] = Postgres.ConnectionString }))
        {
            Assert.True(await migrations.WaitForExitAsync() == 0, $"migrations failed:{Environment.NewLine}{migrations.Output}");
        }

        var apiPort = LoopbackPorts.Free();
        var simulatorPort = LoopbackPorts.Free();
        var apiUrl = $"http://127.0.0.1:{apiPort}";
        var common = ServiceEnvironment.ForTestStack(
            Postgres.ConnectionString, Redis.Endpoint, apiUrl, $"http://127.0.0.1:{simulatorPort}", AccountSid, AuthToken, "client-tests");
        Simulator = ServiceProcess.Start("Notifications.Simulator", new Dictionary<string, string>
        {
            ["Simulator__Twilio__AccountSid"] = AccountSid,
            ["Simulator__Twilio__AuthToken"] = AuthToken,
            ["Simulator__Twilio__SentDelay"] = "00:00:00.050",
            ["Simulator__Twilio__FinalDelay"] = "00:00:00.100",
            ["Simulator__SendGrid__ApiKey"] = "SG.client-tests",
        }, simulatorPort);
        Api = ServiceProcess.Start("Notifications.Api", new Dictionary<string, string>(common)
        {
            [$"ApiKeys__{App}"] = KeyOf(App),
            [$"Apps__{App}__Scopes"] = ApiFactory.AllScopes,
            [$"ApiKeys__{ReadOnlyApp}"] = KeyOf(ReadOnlyApp),
            [$"Apps__{ReadOnlyApp}__Scopes"] = "messages:read",
            [$"ApiKeys__{BudgetApp}"] = KeyOf(BudgetApp),
            [$"Apps__{BudgetApp}__DailySegmentLimit"] = Budget.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, apiPort);
        Worker = ServiceProcess.Start("Notifications.Worker", new Dictionary<string, string>(common)
        {
            ["Dispatch__PollInterval"] = "00:00:00.500",
        });

        // Four processes start at once on a machine that may be busy: more than the usual minute each.
        var startup = TimeSpan.FromMinutes(3);
        await Simulator.WaitHealthyAsync(startup);
        await Api.WaitHealthyAsync(startup);
        await Worker.WaitHealthyAsync(startup);
    }

    /// <summary>The API key of an app.</summary>
    public static string KeyOf(string app) => $"{app}-key-0123456789";

    /// <summary>
    /// A <see cref="NotificationsClient"/> registered as an app registers it (<c>AddNotificationsClient</c>, with its retry
    /// policy), calling <paramref name="baseAddress"/> (the api unless given) as <paramref name="app"/>.
    /// </summary>
    public ServiceProvider ClientServices(Uri? baseAddress = null, string app = App, Action<NotificationsClientOptions>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddNotificationsClient(options =>
        {
            options.BaseAddress = baseAddress ?? Api.BaseUrl;
            options.ApiKey = KeyOf(app);
            configure?.Invoke(options);
        });
        return services.BuildServiceProvider();
    }

    public HttpClient SimulatorClient() => new() { BaseAddress = Simulator.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>How many messages the database holds with <paramref name="reference"/>.</summary>
    public async Task<long> MessagesWithReferenceAsync(string reference)
    {
        await using var connection = new NpgsqlConnection(Postgres.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM messages WHERE reference = $1", connection);
        command.Parameters.Add(new() { Value = reference });
        return (long)(await command.ExecuteScalarAsync())!;
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
    }
}

/// <summary>The client's tests share one stack.</summary>
[CollectionDefinition(Name)]
public sealed class ClientDefinition : ICollectionFixture<ClientProcesses>
{
    public const string Name = "Client";
}
