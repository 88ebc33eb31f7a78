using System.Globalization;
using System.Net.Http.Headers;
using Npgsql;

namespace Notifications.IntegrationTests.Replicas;

/// <summary>
/// The service scaled out as real processes: <see cref="ApiCount"/> apis and <see cref="WorkerCount"/> workers against one
/// PostgreSQL, one Redis and the simulator, with migrations run once before any of them starts. The sender is limited to
/// <see cref="SenderRate"/> messages per second, shared by every worker. Each process connects to PostgreSQL under its own
/// application name, so the connections each one holds can be counted; each worker's Hangfire dashboard takes the
/// operator's credentials only (no loopback shortcut).
/// </summary>
public sealed class ReplicaProcesses : IAsyncLifetime
{
    public const int ApiCount = 2;
    public const int WorkerCount = 3;

    /// <summary>Messages (one segment each) per second the default sender takes, shared by every worker.</summary>
    public const int SenderRate = 40;

    public const string ApiKey = "replica-tests-key-0000001";

    /// <summary>How long the stack's programs get, together, to answer <c>/health</c>.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);
    public const string DashboardUser = "operator";
    public const string DashboardPassword = "replica-tests-dashboard-password";
    private const string AccountSid = "AC0123456789abcdef0123456789abcdef";
    private const string AuthToken = "replica-tests-auth-token";

    public LocalPostgres Postgres { get; private set; } = null!;

    public LocalRedis Redis { get; private set; } = null!;

    public ServiceProcess Simulator { get; private set; } = null!;

    public List<ServiceProcess> Apis { get; } = [];

    public List<ServiceProcess> Workers { get; } = [];

    public async Task InitializeAsync()
    {
        Postgres = await LocalPostgres.StartAsync("replica-tests", "notifications-replicas");
        Redis = await LocalRedis.StartAsync();
        await using (var migrations = ServiceProcess.Start("Notifications.MigrationService", new Dictionary<string, string> { ["ConnectionStrings__notifications"] = Postgres.ConnectionString }))
        {
            Assert.True(await migrations.WaitForExitAsync() == 0, $"migrations failed:{Environment.NewLine}{migrations.Output}");
        }

        var simulatorPort = LoopbackPorts.Free();
        var simulatorUrl = $"http://127.0.0.1:{simulatorPort.ToString(CultureInfo.InvariantCulture)}";
        var apiPorts = Enumerable.Range(0, ApiCount).Select(_ => LoopbackPorts.Free()).ToArray();
        var apiUrls = apiPorts.Select(p => $"http://127.0.0.1:{p.ToString(CultureInfo.InvariantCulture)}").ToArray();

        Simulator = ServiceProcess.Start("Notifications.Simulator", new Dictionary<string, string>
        {
            ["Simulator__Twilio__AccountSid"] = AccountSid,
            ["Simulator__Twilio__AuthToken"] = AuthToken,
            ["Simulator__Twilio__SentDelay"] = "00:00:00.050",
            ["Simulator__Twilio__FinalDelay"] = "00:00:00.100",
            ["Simulator__SendGrid__ApiKey"] = "SG.replica-tests",
            ["Simulator__Twilio__InboundWebhookUrl"] = $"{apiUrls[0]}/api/webhooks/twilio/inbound",
        }, simulatorPort);

        for (var i = 0; i < ApiCount; i++)
        {
            var api = Settings($"api-{i}", apiUrls[i], simulatorUrl);
            api["ApiKeys__tests"] = ApiKey;
            api["Apps__tests__Scopes"] = Infrastructure.ApiFactory.AllScopes;
            Apis.Add(ServiceProcess.Start("Notifications.Api", api, apiPorts[i]));
        }

        for (var i = 0; i < WorkerCount; i++)
        {
            // Status callbacks are spread over the apis: each worker names one of them.
            var worker = Settings($"worker-{i}", apiUrls[i % ApiCount], simulatorUrl);
            worker["Sms__Senders__default__MessagesPerSecond"] = SenderRate.ToString(CultureInfo.InvariantCulture);
            worker["Dispatch__ClaimTimeout"] = "00:00:05";
            worker["Dispatch__AmbiguousAfter"] = "00:00:05";
            worker["Dispatch__LookupDelay"] = "00:00:00.500";
            worker["Dispatch__RecoveryInterval"] = "00:00:02";
            worker["Dispatch__PollInterval"] = "00:00:00.500";
            worker["HangfireDashboard__Password"] = DashboardPassword;
            worker["HangfireDashboard__AllowLoopbackInDevelopment"] = "false";
            Workers.Add(ServiceProcess.Start("Notifications.Worker", worker));
        }

        // Six programs starting at once on a small, busy machine: a longer wait than one program gets.
        foreach (var process in Apis.Concat(Workers).Append(Simulator))
        {
            await process.WaitHealthyAsync(StartTimeout);
        }
    }

    public HttpClient ApiClient(int index)
    {
        var client = new HttpClient { BaseAddress = Apis[index].BaseUrl, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        return client;
    }

    public HttpClient SimulatorClient() => new() { BaseAddress = Simulator.BaseUrl, Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>Messages of <paramref name="ids"/> by status, as "status=count, ..." in status order.</summary>
    public async Task<string> StatusCountsAsync(IReadOnlyList<Guid> ids)
    {
        await using var db = new NpgsqlConnection(Postgres.ConnectionString);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT status, count(*) FROM messages WHERE id = ANY($1) GROUP BY status ORDER BY status", db)
        {
            Parameters = { new() { Value = ids.ToArray() } },
        };
        var counts = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            counts.Add($"{reader.GetString(0)}={reader.GetInt64(1)}");
        }

        return string.Join(", ", counts);
    }

    /// <summary>PostgreSQL sessions each process holds now (by the application name it connects with).</summary>
    public async Task<Dictionary<string, long>> ConnectionsAsync()
    {
        await using var db = new NpgsqlConnection(Postgres.ConnectionString);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT application_name, count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name <> '' GROUP BY application_name", db);
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        return counts;
    }

    public async Task DisposeAsync()
    {
        foreach (var process in Apis.Concat(Workers).Append(Simulator))
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

    private Dictionary<string, string> Settings(string applicationName, string apiUrl, string simulatorUrl)
    {
        var database = new NpgsqlConnectionStringBuilder(Postgres.ConnectionString) { ApplicationName = applicationName }.ConnectionString;
        return ServiceEnvironment.ForTestStack(database, Redis.Endpoint, apiUrl, simulatorUrl, AccountSid, AuthToken, "replica-tests");
    }
}
