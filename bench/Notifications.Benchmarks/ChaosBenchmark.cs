using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Notifications.Core.Messages;
using Notifications.Testing;
using Npgsql;

namespace Notifications.Benchmarks;

/// <summary>
/// Sends messages through the real processes while crashing and cutting them off on a schedule (worker and
/// api killed, PostgreSQL and Redis restarted, Twilio refusing creates and losing answers), then checks that
/// every accepted message reaches a final status and that no SMS or email was sent twice.
/// </summary>
internal static class ChaosBenchmark
{
    private const string ApiKey = "chaos-benchmark-key-0001";
    private const string AccountSid = "AC00000000000000000000000000000000";
    private const string AuthToken = "chaos-token";

    public static async Task<int> RunAsync(string[] args)
    {
        var total = BenchmarkHost.IntOption(args, "--messages", 5_000);
        var sendSeconds = BenchmarkHost.IntOption(args, "--send-seconds", 180);
        var settleMinutes = BenchmarkHost.IntOption(args, "--settle-minutes", 10);
        var fallingBackPercent = BenchmarkHost.IntOption(args, "--falling-back-percent", 10);
        var emailPercent = BenchmarkHost.IntOption(args, "--email-percent", 30);

        await using var infrastructure = await LocalInfrastructure.StartAsync();
        Console.WriteLine("Infrastructure up; migrating...");
        await using (var migrations = BenchmarkHost.StartProject("Notifications.MigrationService", 0, new Dictionary<string, string> { ["ConnectionStrings__notifications"] = infrastructure.Database }))
        {
            if (await migrations.WaitForExitAsync() != 0)
            {
                Console.Error.WriteLine("Migrations failed.");
                return 1;
            }
        }

        var apiPort = LoopbackPorts.Free();
        var simulatorPort = LoopbackPorts.Free();
        var apiUrl = $"http://127.0.0.1:{apiPort}";
        var simulatorUrl = $"http://127.0.0.1:{simulatorPort}";
        var common = ServiceEnvironment.ForStack(infrastructure.Database, infrastructure.Cache, apiUrl, simulatorUrl, AccountSid, AuthToken, "chaos");
        await using var simulator = BenchmarkHost.StartProject("Notifications.Simulator", simulatorPort, new Dictionary<string, string>
        {
            ["Simulator__Twilio__AccountSid"] = AccountSid,
            ["Simulator__Twilio__AuthToken"] = AuthToken,
            ["Simulator__Twilio__DelayJitter"] = "0.5",
            ["Simulator__SendGrid__ApiKey"] = "SG.chaos",
        });

        // The service's own settings, except a sender fast enough for the load and reconciliation thresholds of a
        // minute instead of 15 (queued) and 120 (sent): callbacks posted while the api or PostgreSQL is down are
        // lost, as with Twilio itself, and reconciliation is what settles those messages.
        var workerSettings = new Dictionary<string, string>(common)
        {
            ["Sms__Senders__default__MessagesPerSecond"] = "100",
            ["Reconciliation__QueuedAfter"] = "00:01:00",
            ["Reconciliation__SentAfter"] = "00:01:00",
            ["Reconciliation__RecheckAfter"] = "00:00:30",
        };
        await using var api = new RestartableService("Notifications.Api", apiPort, new Dictionary<string, string>(common) { ["ApiKeys__chaos"] = ApiKey });
        await using var worker = new RestartableService("Notifications.Worker", LoopbackPorts.Free(), workerSettings);
        await simulator.WaitHealthyAsync();
        await api.WaitHealthyAsync();
        await worker.WaitHealthyAsync();

        var messages = Messages(total, fallingBackPercent, emailPercent);
        await EndToEndBenchmark.LoadConsentsAsync(infrastructure.Database, [.. messages.Select(m => m.To)]);

        using var http = new HttpClient { BaseAddress = new Uri(apiUrl), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        using var simulatorHttp = new HttpClient { BaseAddress = new Uri(simulatorUrl), Timeout = TimeSpan.FromSeconds(60) };

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            Chaos run: {total:N0} messages over {sendSeconds} s ({messages.Count(m => m.FallsBack):N0} to numbers whose SMS fails and falls back to email, {messages.Count(m => m.FallbackEmail is not null):N0} with a fallback email in all)
            Worker: {string.Join(", ", workerSettings.Where(s => s.Key.StartsWith("Sms", StringComparison.Ordinal) || s.Key.StartsWith("Reconciliation", StringComparison.Ordinal)).Select(s => $"{s.Key}={s.Value}"))}; everything else at its default
            """));

        var clock = Stopwatch.StartNew();
        void Say(string what) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{clock.Elapsed.TotalSeconds,6:F1} s, {DateTimeOffset.UtcNow:HH:mm:ss.fff} UTC] {what}"));
        var sender = new ChaosSender(http);
        var faults = Faults(api, worker, infrastructure, simulatorHttp);
        var faultRuns = Task.WhenAll(faults.Select(async fault =>
        {
            await Task.Delay(TimeSpan.FromSeconds(sendSeconds * fault.StartShare));
            try
            {
                await fault.RunAsync(Say);
            }
            catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or TimeoutException or IOException)
            {
                // The run goes on: the table still says what the faults that did happen caused.
                Say($"{fault.Name}: FAILED to inject or recover: {ex.Message}");
            }
        }));

        using var sending = new CancellationTokenSource();
        var sendProgress = Task.Run(async () =>
        {
            while (!sending.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(10), CancellationToken.None);
                Say($"sending: {sender.Sent:N0} started, {sender.Accepted.Count:N0} accepted, {sender.Retries:N0} retries, {sender.Refused.Count:N0} refused");
            }
        }, CancellationToken.None);
        await sender.SendAllAsync(messages, TimeSpan.FromSeconds(sendSeconds));
        await sending.CancelAsync();
        await sendProgress;
        var lastSendAt = DateTimeOffset.UtcNow;
        Say($"last message accepted: {sender.Accepted.Count:N0} accepted, {sender.Refused.Count:N0} refused, {sender.Retries:N0} retries in all");
        await faultRuns;
        Say("every fault has ended; waiting for every accepted message to settle");

        var acceptedIds = sender.Accepted.Values.ToArray();
        var settleClock = Stopwatch.StartNew();
        long settled;
        while (true)
        {
            settled = await CountSettledAsync(infrastructure.Database, acceptedIds);
            Say($"settled {settled:N0} of {acceptedIds.Length:N0}");
            if (settled >= acceptedIds.Length || settleClock.Elapsed > TimeSpan.FromMinutes(settleMinutes))
            {
                break;
            }

            await Task.Delay(TimeSpan.FromSeconds(10));
        }

        var verdict = await ChaosVerdict.CollectAsync(http, simulatorHttp, infrastructure.Database, messages, sender, lastSendAt);
        Console.WriteLine(verdict.Table(total, sendSeconds));
        Console.WriteLine(await verdict.DetailsAsync(http));
        return verdict.Passed ? 0 : 1;
    }

    private static List<ChaosMessage> Messages(int total, int fallingBackPercent, int emailPercent)
    {
        var fallingBack = Math.Min(total * fallingBackPercent / 100, ChaosNumbers.FallingBackCapacity);
        var everyFallingBack = fallingBack == 0 ? int.MaxValue : total / fallingBack;
        var messages = new List<ChaosMessage>(total);
        var nextFallingBack = 0;
        for (var i = 0; i < total; i++)
        {
            var body = string.Create(CultureInfo.InvariantCulture, $"Chaos message {i}");
            var email = string.Create(CultureInfo.InvariantCulture, $"chaos-{i}@example.com");
            if (i % everyFallingBack == 0 && nextFallingBack < fallingBack)
            {
                messages.Add(new ChaosMessage(i, ChaosNumbers.FallingBack(nextFallingBack++), body, email, FallsBack: true));
            }
            else
            {
                messages.Add(new ChaosMessage(i, ChaosNumbers.Delivered(i), body, i % 100 < emailPercent ? email : null, FallsBack: false));
            }
        }

        return messages;
    }

    /// <summary>The schedule, as shares of the sending phase; each fault ends by itself (restarts, switches back).</summary>
    private static ChaosFault[] Faults(RestartableService api, RestartableService worker, LocalInfrastructure infrastructure, HttpClient simulator) =>
    [
        new("Twilio refuses creates", 0.08, async say =>
        {
            await SetSimulatorAsync(simulator, ("tooManyRequestsRate", 0.3), ("serverErrorRate", 0.3));
            say("simulator: 30 % of creates answered 429 and 30 % of the rest 503, for 30 s");
            await Task.Delay(TimeSpan.FromSeconds(30));
            await SetSimulatorAsync(simulator, ("tooManyRequestsRate", 0), ("serverErrorRate", 0));
            say("simulator: creates answered normally again");
        }),
        new("worker killed", 0.20, say => KillAndRestartAsync(worker, "worker", TimeSpan.FromSeconds(5), say)),
        new("api killed", 0.33, say => KillAndRestartAsync(api, "api", TimeSpan.FromSeconds(3), say)),
        new("PostgreSQL restarted", 0.45, async say =>
        {
            say("PostgreSQL: stopping for 10 s");
            await infrastructure.Postgres.StopAsync();
            await Task.Delay(TimeSpan.FromSeconds(10));
            await infrastructure.Postgres.StartAgainAsync();
            say("PostgreSQL: accepting connections again");
        }),
        new("Twilio loses answers", 0.58, async say =>
        {
            await SetSimulatorAsync(simulator, ("droppedAnswerRate", 0.2));
            say("simulator: 20 % of creates succeed but their answer is dropped, for 40 s");
            await Task.Delay(TimeSpan.FromSeconds(40));
            await SetSimulatorAsync(simulator, ("droppedAnswerRate", 0));
            say("simulator: answers no longer dropped");
        }),
        new("worker killed again", 0.68, say => KillAndRestartAsync(worker, "worker", TimeSpan.FromSeconds(5), say)),
        new("Redis restarted", 0.85, async say =>
        {
            say("Redis: stopping for 10 s");
            await infrastructure.Redis.StopAsync();
            await Task.Delay(TimeSpan.FromSeconds(10));
            await infrastructure.Redis.StartAsync();
            say("Redis: answering again (empty: it keeps nothing on disk)");
        }),
    ];

    private static async Task KillAndRestartAsync(RestartableService service, string name, TimeSpan down, Action<string> say)
    {
        await service.KillAsync();
        say($"{name}: killed (SIGKILL); starting again in {down.TotalSeconds:N0} s");
        await Task.Delay(down);
        await service.StartAgainAsync();
        say($"{name}: healthy again");
    }

    /// <summary>Changes some of the simulator's Twilio switches, keeping the others.</summary>
    private static async Task SetSimulatorAsync(HttpClient simulator, params (string Name, double Value)[] switches)
    {
        var behaviour = await simulator.GetFromJsonAsync<JsonObject>("/simulator/twilio/behaviour") ?? throw new InvalidOperationException("The simulator answered no behaviour.");
        foreach (var (name, value) in switches)
        {
            behaviour[name] = value;
        }

        using var response = await simulator.PutAsJsonAsync("/simulator/twilio/behaviour", behaviour);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>
    /// Accepted messages that are settled: final, and when final without delivery and a fallback was asked
    /// for, the email handed to SendGrid or refused.
    /// </summary>
    private static async Task<long> CountSettledAsync(string database, Guid[] ids)
    {
        try
        {
            await using var db = new NpgsqlConnection(database);
            await db.OpenAsync();
            await using var command = new NpgsqlCommand("""
                SELECT count(*) FROM messages
                WHERE id = ANY($1) AND status = ANY($2) AND (fallback_status IS NULL OR fallback_status <> $3)
                """, db)
            {
                Parameters =
                {
                    new() { Value = ids },
                    new() { Value = FinalStatuses },
                    new() { Value = FallbackStatus.Pending },
                },
            };
            return (long)(await command.ExecuteScalarAsync())!;
        }
        catch (NpgsqlException)
        {
            return -1;
        }
    }

    internal static readonly string[] FinalStatuses =
    [
        MessageStatus.Delivered, MessageStatus.Undelivered, MessageStatus.Failed, MessageStatus.Suppressed,
        MessageStatus.NoConsent, MessageStatus.Canceled, MessageStatus.Expired,
    ];
}
