using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Notifications.IntegrationTests.Outages;

/// <summary>
/// The whole service as real processes on a PostgreSQL the tests can stop, with an api the tests can kill
/// and start again on the same port; the worker runs with the documented reconciliation defaults
/// (<c>Reconciliation:QueuedAfter</c> 15 minutes), so only the callback gaps can settle lost callbacks in time.
/// </summary>
public sealed class CallbackGapProcesses : IAsyncLifetime
{
    public const string ApiKey = "callback-gap-tests-key-01";
    private const string AccountSid = "AC0123456789abcdef0123456789abcdee";
    private const string AuthToken = "callback-gap-tests-auth-token";

    private readonly ConcurrentQueue<string> _apiLines = new();
    private Dictionary<string, string> _apiEnvironment = null!;
    private int _apiPort;

    public LocalPostgres Postgres { get; private set; } = null!;

    public LocalRedis Redis { get; private set; } = null!;

    public ServiceProcess Api { get; private set; } = null!;

    public ServiceProcess Worker { get; private set; } = null!;

    public ServiceProcess Simulator { get; private set; } = null!;

    /// <summary>Every line the api processes wrote so far.</summary>
    public IReadOnlyCollection<string> ApiLines => _apiLines;

    public async Task InitializeAsync()
    {
        Postgres = await LocalPostgres.StartAsync("callback-gap-tests", "notifications-gaps");
        Redis = await LocalRedis.StartAsync();
        await using (var migrations = ServiceProcess.Start("Notifications.MigrationService", new Dictionary<string, string> { ["ConnectionStrings__notifications"] = Postgres.ConnectionString }))
        {
            Assert.True(await migrations.WaitForExitAsync() == 0, $"migrations failed:{Environment.NewLine}{migrations.Output}");
        }

        _apiPort = LoopbackPorts.Free();
        var simulatorPort = LoopbackPorts.Free();
        var common = ServiceEnvironment.ForTestStack(
            Postgres.ConnectionString, Redis.Endpoint, $"http://127.0.0.1:{_apiPort}", $"http://127.0.0.1:{simulatorPort}", AccountSid, AuthToken, "callback-gap-tests");
        Simulator = ServiceProcess.Start("Notifications.Simulator", new Dictionary<string, string>
        {
            ["Simulator__Twilio__AccountSid"] = AccountSid,
            ["Simulator__Twilio__AuthToken"] = AuthToken,
            ["Simulator__Twilio__SentDelay"] = "00:00:00.050",
            ["Simulator__Twilio__FinalDelay"] = "00:00:00.100",
            ["Simulator__SendGrid__ApiKey"] = "SG.callback-gap-tests",
        }, simulatorPort);
        _apiEnvironment = new Dictionary<string, string>(common) { ["ApiKeys__tests"] = ApiKey, ["Apps__tests__Scopes"] = Notifications.IntegrationTests.Infrastructure.ApiFactory.AllScopes };
        Api = ServiceProcess.StartCapturing("Notifications.Api", _apiEnvironment, _apiLines.Enqueue, _apiPort);
        Worker = ServiceProcess.Start("Notifications.Worker", new Dictionary<string, string>(common)
        {
            ["Sms__Senders__default__MessagesPerSecond"] = "100",
        });
        await Simulator.WaitHealthyAsync();
        await Api.WaitHealthyAsync();
        await Worker.WaitHealthyAsync();
    }

    /// <summary>Kills the api (SIGKILL: no shutdown, no heartbeat saying it stopped), as a crash would.</summary>
    public async Task KillApiAsync()
    {
        await Api.KillAsync();
        await Api.DisposeAsync();
    }

    /// <summary>Starts the api again on the same port, with the same settings; waits until it answers /health.</summary>
    public async Task RestartApiAsync()
    {
        Api = ServiceProcess.StartCapturing("Notifications.Api", _apiEnvironment, _apiLines.Enqueue, _apiPort);
        await Api.WaitHealthyAsync();
    }

    public HttpClient ApiClient()
    {
        var client = new HttpClient { BaseAddress = Api.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        return client;
    }

    public HttpClient SimulatorClient() => new() { BaseAddress = Simulator.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>The simulator's counters (<c>GET /simulator/stats</c>).</summary>
    public async Task<JsonElement> StatsAsync()
    {
        using var simulator = SimulatorClient();
        return await simulator.GetFromJsonAsync<JsonElement>("/simulator/stats");
    }

    /// <summary>Sets how long the simulator waits before the <c>sent</c> callback and from it to the final one.</summary>
    public async Task SetCallbackDelaysAsync(TimeSpan sent, TimeSpan final)
    {
        using var simulator = SimulatorClient();
        var behaviour = (await simulator.GetFromJsonAsync<JsonObject>("/simulator/twilio/behaviour"))!;
        behaviour["sentDelay"] = sent.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        behaviour["finalDelay"] = final.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        var response = await simulator.PutAsJsonAsync("/simulator/twilio/behaviour", behaviour);
        response.EnsureSuccessStatusCode();
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
