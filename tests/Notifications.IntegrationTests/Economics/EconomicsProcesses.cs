using System.Net.Http.Headers;
using Notifications.IntegrationTests.Infrastructure;

namespace Notifications.IntegrationTests.Economics;

/// <summary>
/// The whole service as real processes for the message-economics tests: two api processes (sharing the daily
/// segment budgets), a worker, the simulator, on their own PostgreSQL and Redis. Country and encoding settings are
/// left at their defaults (the worker's appsettings.json configures GB, IN, NG, KE and ZA senders); a Canadian
/// sender at <see cref="SlowSenderRate"/> segments per second shows what the rate limit counts.
/// </summary>
public sealed class EconomicsProcesses : IAsyncLifetime
{
    public const string ApiKey = "economics-tests-key-0001";
    private const string AccountSid = "AC0123456789abcdef0123456789abcdee";
    private const string AuthToken = "economics-tests-auth-token";

    /// <summary>The Canadian sender (its own number, so its own rate-limit bucket).</summary>
    public const string CanadianSender = "+15005550007";

    /// <summary>Segments per second of the Canadian sender.</summary>
    public const int SlowSenderRate = 2;

    /// <summary>An app whose only messages are the report test's.</summary>
    public const string ReportApp = "economics-report";

    /// <summary>Apps with a daily segment limit: name to limit. Each test uses its own.</summary>
    public static readonly IReadOnlyDictionary<string, int> Budgets = new Dictionary<string, int>
    {
        ["budget-single"] = 5,
        ["budget-batch"] = 4,
        ["budget-race"] = 20,
        ["budget-replay"] = 3,
    };

    public LocalPostgres Postgres { get; private set; } = null!;

    public LocalRedis Redis { get; private set; } = null!;

    public ServiceProcess Api { get; private set; } = null!;

    public ServiceProcess SecondApi { get; private set; } = null!;

    public ServiceProcess Worker { get; private set; } = null!;

    public ServiceProcess Simulator { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Postgres = await LocalPostgres.StartAsync("economics-tests", "notifications-economics");
        Redis = await LocalRedis.StartAsync();
        await using (var migrations = ServiceProcess.Start("Notifications.MigrationService", new Dictionary<string, string> { ["ConnectionStrings__notifications"] = Postgres.ConnectionString }))
        {
            Assert.True(await migrations.WaitForExitAsync() == 0, $"migrations failed:{Environment.NewLine}{migrations.Output}");
        }

        var apiPort = LoopbackPorts.Free();
        var simulatorPort = LoopbackPorts.Free();
        var apiUrl = $"http://127.0.0.1:{apiPort}";
        var common = ServiceEnvironment.ForTestStack(
            Postgres.ConnectionString, Redis.Endpoint, apiUrl, $"http://127.0.0.1:{simulatorPort}", AccountSid, AuthToken, "economics-tests");
        Simulator = ServiceProcess.Start("Notifications.Simulator", new Dictionary<string, string>
        {
            ["Simulator__Twilio__AccountSid"] = AccountSid,
            ["Simulator__Twilio__AuthToken"] = AuthToken,
            ["Simulator__Twilio__SentDelay"] = "00:00:00.050",
            ["Simulator__Twilio__FinalDelay"] = "00:00:00.100",
            ["Simulator__SendGrid__ApiKey"] = "SG.economics-tests",
        }, simulatorPort);

        var api = new Dictionary<string, string>(common)
        {
            ["ApiKeys__tests"] = ApiKey,
            ["Apps__tests__Scopes"] = ApiFactory.AllScopes,
            [$"ApiKeys__{ReportApp}"] = KeyOf(ReportApp),
            [$"Apps__{ReportApp}__Scopes"] = ApiFactory.AllScopes,
        };
        foreach (var (app, limit) in Budgets)
        {
            api[$"ApiKeys__{app}"] = KeyOf(app);
            api[$"Apps__{app}__DailySegmentLimit"] = limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        Api = ServiceProcess.Start("Notifications.Api", api, apiPort);
        SecondApi = ServiceProcess.Start("Notifications.Api", api);
        Worker = ServiceProcess.Start("Notifications.Worker", new Dictionary<string, string>(common)
        {
            ["Dispatch__PollInterval"] = "00:00:00.500",
            ["Dispatch__RecoveryInterval"] = "00:00:02",
            ["Sms__Senders__CA__From"] = CanadianSender,
            ["Sms__Senders__CA__MessagesPerSecond"] = SlowSenderRate.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

        // Five processes start at once on a machine that may be busy: more than the usual minute each.
        var startup = TimeSpan.FromMinutes(3);
        await Simulator.WaitHealthyAsync(startup);
        await Api.WaitHealthyAsync(startup);
        await SecondApi.WaitHealthyAsync(startup);
        await Worker.WaitHealthyAsync(startup);
    }

    /// <summary>The API key of a budgeted app.</summary>
    public static string KeyOf(string app) => $"economics-{app}-key-0001";

    public HttpClient ApiClient(string key = ApiKey, ServiceProcess? api = null)
    {
        var client = new HttpClient { BaseAddress = (api ?? Api).BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    public HttpClient SimulatorClient() => new() { BaseAddress = Simulator.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };

    public async Task DisposeAsync()
    {
        foreach (var process in new[] { Api, SecondApi, Worker, Simulator })
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

/// <summary>The economics tests share one stack and run one after another (the rate test times the shared sender).</summary>
[CollectionDefinition(Name)]
public sealed class EconomicsDefinition : ICollectionFixture<EconomicsProcesses>
{
    public const string Name = "Economics";
}
