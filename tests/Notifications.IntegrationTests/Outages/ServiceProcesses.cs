using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Notifications.Core.Data;

namespace Notifications.IntegrationTests.Outages;

/// <summary>
/// The whole service as real processes (api, worker, simulator, migrations run once) on a PostgreSQL and
/// a Redis the tests can stop and start again, as an outage would; every line each program writes is kept.
/// </summary>
public abstract class ServiceProcesses : IAsyncLifetime
{
    public const string ApiKey = "outage-tests-key-000001";
    private const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    public const string AuthToken = "outage-tests-auth-token";

    private static readonly JsonSerializerOptions WebJson = new(JsonSerializerDefaults.Web);

    private readonly ConcurrentQueue<string> _apiLines = new();
    private readonly ConcurrentQueue<string> _workerLines = new();
    private Dictionary<string, string> _workerEnvironment = null!;

    public LocalPostgres Postgres { get; private set; } = null!;

    public LocalRedis Redis { get; private set; } = null!;

    public ServiceProcess Api { get; private set; } = null!;

    public ServiceProcess Worker { get; private set; } = null!;

    public ServiceProcess Simulator { get; private set; } = null!;

    /// <summary>Every line the api wrote so far.</summary>
    public IReadOnlyCollection<string> ApiLines => _apiLines;

    /// <summary>Every line the worker wrote so far.</summary>
    public IReadOnlyCollection<string> WorkerLines => _workerLines;

    /// <summary>Worker processes besides <see cref="Worker"/> (their output is not kept).</summary>
    public List<ServiceProcess> OtherWorkers { get; } = [];

    /// <summary>Settings the api and the worker get on top of the stack's own.</summary>
    protected virtual IDictionary<string, string> ExtraSettings => new Dictionary<string, string>();

    /// <summary>Settings the worker gets on top of the stack's own (its short claim and lookup times included).</summary>
    protected virtual IDictionary<string, string> WorkerSettings => new Dictionary<string, string>();

    /// <summary>Settings the simulator gets on top of the stack's own.</summary>
    protected virtual IDictionary<string, string> SimulatorSettings => new Dictionary<string, string>();

    /// <summary>How many worker processes the stack runs.</summary>
    protected virtual int WorkerCount => 1;

    public async Task InitializeAsync()
    {
        Postgres = await LocalPostgres.StartAsync("outage-tests", "notifications-outage");
        Redis = await LocalRedis.StartAsync();
        await using (var migrations = ServiceProcess.Start("Notifications.MigrationService", new Dictionary<string, string> { ["ConnectionStrings__notifications"] = Postgres.ConnectionString }))
        {
            Assert.True(await migrations.WaitForExitAsync() == 0, $"migrations failed:{Environment.NewLine}{migrations.Output}");
        }

        var apiPort = LoopbackPorts.Free();
        var simulatorPort = LoopbackPorts.Free();
        var apiUrl = $"http://127.0.0.1:{apiPort}";
        var simulatorUrl = $"http://127.0.0.1:{simulatorPort}";
        var common = ServiceEnvironment.ForTestStack(Postgres.ConnectionString, Redis.Endpoint, apiUrl, simulatorUrl, AccountSid, AuthToken, "outage-tests");
        foreach (var (key, value) in ExtraSettings)
        {
            common[key] = value;
        }

        var simulator = new Dictionary<string, string>
        {
            ["Simulator__Twilio__AccountSid"] = AccountSid,
            ["Simulator__Twilio__AuthToken"] = AuthToken,
            ["Simulator__Twilio__SentDelay"] = "00:00:00.050",
            ["Simulator__Twilio__FinalDelay"] = "00:00:00.100",
            ["Simulator__SendGrid__ApiKey"] = "SG.outage-tests",
            // The handset stand-in posts inbound messages to the api, signed as Twilio would.
            ["Simulator__Twilio__InboundWebhookUrl"] = $"{apiUrl}/api/webhooks/twilio/inbound",
        };
        foreach (var (key, value) in SimulatorSettings)
        {
            simulator[key] = value;
        }

        Simulator = ServiceProcess.Start("Notifications.Simulator", simulator, simulatorPort);
        Api = ServiceProcess.StartCapturing("Notifications.Api", new Dictionary<string, string>(common) { ["ApiKeys__tests"] = ApiKey, ["Apps__tests__Scopes"] = Notifications.IntegrationTests.Infrastructure.ApiFactory.AllScopes }, _apiLines.Enqueue, apiPort);
        var worker = new Dictionary<string, string>(common)
        {
            ["Dispatch__RetryBaseDelay"] = "00:00:01",
            ["Dispatch__ClaimTimeout"] = "00:00:05",
            ["Dispatch__AmbiguousAfter"] = "00:00:05",
            ["Dispatch__RecoveryInterval"] = "00:00:02",
            ["Dispatch__PollInterval"] = "00:00:00.500",
            // Callbacks Twilio posted while the database was down are lost, as with Twilio itself: the
            // reconciliation job settles those messages, here after a minute instead of 15.
            ["Reconciliation__QueuedAfter"] = "00:01:00",
            ["Reconciliation__SentAfter"] = "00:01:00",
            ["Reconciliation__RecheckAfter"] = "00:00:05",
        };
        foreach (var (key, value) in WorkerSettings)
        {
            worker[key] = value;
        }

        _workerEnvironment = worker;
        Worker = ServiceProcess.StartCapturing("Notifications.Worker", worker, _workerLines.Enqueue);
        for (var i = 1; i < WorkerCount; i++)
        {
            OtherWorkers.Add(ServiceProcess.Start("Notifications.Worker", worker));
        }

        await Simulator.WaitHealthyAsync();
        await Api.WaitHealthyAsync();
        await Worker.WaitHealthyAsync();
        foreach (var other in OtherWorkers)
        {
            await other.WaitHealthyAsync();
        }
    }

    /// <summary>Kills the worker (SIGKILL: no shutdown, its claims left behind), as a crash would.</summary>
    public Task KillWorkerAsync() => Worker.KillAsync();

    /// <summary>Stops the worker as its orchestrator would (SIGTERM) and waits up to <paramref name="timeout"/> for it to exit.</summary>
    public Task TerminateWorkerAsync(TimeSpan timeout) => Worker.TerminateAsync(timeout);

    /// <summary>
    /// Starts a new worker with the same settings in place of <see cref="Worker"/> (ended by then), its lines joining
    /// <see cref="WorkerLines"/>; waits until it answers /health.
    /// </summary>
    public async Task StartWorkerAsync()
    {
        await Worker.DisposeAsync();
        Worker = ServiceProcess.StartCapturing("Notifications.Worker", _workerEnvironment, _workerLines.Enqueue);
        await Worker.WaitHealthyAsync();
    }

    /// <summary>Records a transactional opt-in for each of <paramref name="numbers"/>, as the API would.</summary>
    public async Task ConsentAsync(params string[] numbers)
    {
        await using var db = new Npgsql.NpgsqlConnection(Postgres.ConnectionString);
        await db.OpenAsync();
        foreach (var chunk in numbers.Chunk(500))
        {
            await using var command = new Npgsql.NpgsqlCommand("""
                INSERT INTO consent_events (phone, purpose, kind, occurred_at, recorded_at, source, opt_in_message, captured_by)
                SELECT p, 'transactional', 'opt_in', now(), now(), 'api', 'Yes, text me', 'tests' FROM unnest($1::text[]) AS p
                """, db) { Parameters = { new() { Value = chunk } } };
            await command.ExecuteNonQueryAsync();
        }
    }

    public HttpClient SimulatorClient() => new() { BaseAddress = Simulator.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Changes the simulator's run-time switches named in <paramref name="changes"/>, keeping the others.</summary>
    public async Task SetTwilioBehaviourAsync(object changes)
    {
        using var simulator = SimulatorClient();
        var current = (await simulator.GetFromJsonAsync<JsonObject>("/simulator/twilio/behaviour"))!;
        foreach (var (key, value) in JsonSerializer.SerializeToNode(changes, WebJson)!.AsObject())
        {
            current[key] = value?.DeepClone();
        }

        using var response = await simulator.PutAsJsonAsync("/simulator/twilio/behaviour", current);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>
    /// Makes the simulator hold each create's answer for <paramref name="answerDelay"/> after creating the message, and post
    /// its first callback <paramref name="sentDelay"/> after the create.
    /// </summary>
    public Task SetCreateTimingAsync(TimeSpan answerDelay, TimeSpan sentDelay) => SetTwilioBehaviourAsync(new
    {
        answerDelay = answerDelay.ToString("c", CultureInfo.InvariantCulture),
        sentDelay = sentDelay.ToString("c", CultureInfo.InvariantCulture),
    });

    /// <summary>The simulator's timing as the stack starts it: answers at once, the first callback after 50 ms.</summary>
    public Task ResetCreateTimingAsync() => SetCreateTimingAsync(TimeSpan.Zero, TimeSpan.FromMilliseconds(50));

    public HttpClient ApiClient()
    {
        var client = new HttpClient { BaseAddress = Api.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        return client;
    }

    /// <summary>Runs the reconciliation job now (as an operator would from the dashboard), instead of on its schedule.</summary>
    public void TriggerReconciliation()
    {
        var storage = new PostgreSqlStorage(
            new NpgsqlConnectionFactory(Postgres.ConnectionString, new PostgreSqlStorageOptions { SchemaName = HangfireSchema.Name }),
            new PostgreSqlStorageOptions { SchemaName = HangfireSchema.Name, PrepareSchemaIfNecessary = false });
        new RecurringJobManager(storage).Trigger("reconcile-stuck-messages");
    }

    public async Task DisposeAsync()
    {
        foreach (var process in new[] { Api, Worker, Simulator }.Concat(OtherWorkers))
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
