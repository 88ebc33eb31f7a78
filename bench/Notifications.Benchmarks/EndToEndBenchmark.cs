using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Notifications.Testing;
using Npgsql;

namespace Notifications.Benchmarks;

/// <summary>
/// Messages per second through the real send path (API, worker, simulator with callbacks, PostgreSQL,
/// Redis, consent gate and suppression check); accept latency at a steady rate of single calls; the latency of one
/// message at a time (<see cref="OneAtATimePhase"/>); the peak memory of each process in each phase; then, on the same
/// PostgreSQL, the plain-Hangfire baseline of one job per message in its best configuration.
/// </summary>
internal static class EndToEndBenchmark
{
    private const string ApiKey = "benchmark-api-key-0001";
    private const string AccountSid = "AC00000000000000000000000000000000";
    private const string AuthToken = "bench-token";

    public static async Task<int> RunAsync(string[] args)
    {
        var total = BenchmarkHost.IntOption(args, "--messages", 2_000);
        var clients = BenchmarkHost.IntOption(args, "--clients", 8);
        var batchSize = BenchmarkHost.IntOption(args, "--batch", 100);
        var pacedRate = BenchmarkHost.IntOption(args, "--paced-rate", 300);
        var pacedSeconds = BenchmarkHost.IntOption(args, "--paced-seconds", 30);
        var rampSeconds = BenchmarkHost.IntOption(args, "--paced-ramp-seconds", 3);
        var warmup = BenchmarkHost.IntOption(args, "--warmup", Math.Min(total / 5, 20_000));
        var singleInterval = TimeSpan.FromMilliseconds(BenchmarkHost.IntOption(args, "--single-interval-ms", 200));
        var singleSeconds = BenchmarkHost.IntOption(args, "--single-seconds", 30);
        var history = BenchmarkHost.IntOption(args, "--history", 0);

        await using var infrastructure = await LocalInfrastructure.StartAsync();
        Console.WriteLine($"Infrastructure up; migrating...");
        await using (var migrations = BenchmarkHost.StartProject("Notifications.MigrationService", 0, new Dictionary<string, string> { ["ConnectionStrings__notifications"] = infrastructure.Database }))
        {
            if (await migrations.WaitForExitAsync() != 0)
            {
                Console.Error.WriteLine("Migrations failed.");
                return 1;
            }
        }

        await using (var db = new NpgsqlConnection(infrastructure.Database))
        {
            await db.OpenAsync();
            await using var extension = new NpgsqlCommand("CREATE EXTENSION IF NOT EXISTS pg_stat_statements", db);
            await extension.ExecuteNonQueryAsync();
        }

        // A year of history first (--history N), so that the run measures a database that has grown.
        var historyIds = history > 0 ? await HistorySeeder.SeedAsync(infrastructure.Database, history, "bench") : [];
        var runStarted = RunStarted = DateTimeOffset.UtcNow;
        var tablesBefore = await HistoryPhase.TablesAsync(infrastructure.Database);

        var apiPort = LoopbackPorts.Free();
        var simulatorPort = LoopbackPorts.Free();
        var workerPort = LoopbackPorts.Free();
        var apiUrl = $"http://127.0.0.1:{apiPort}";
        var simulatorUrl = $"http://127.0.0.1:{simulatorPort}";
        var common = ServiceEnvironment.ForStack(infrastructure.Database, infrastructure.Cache, apiUrl, simulatorUrl, AccountSid, AuthToken, "bench");
        await using var simulator = BenchmarkHost.StartProject("Notifications.Simulator", simulatorPort, new Dictionary<string, string>
        {
            ["Simulator__Twilio__AccountSid"] = AccountSid,
            ["Simulator__Twilio__AuthToken"] = AuthToken,
            ["Simulator__Twilio__SentDelay"] = "00:00:00.100",
            ["Simulator__Twilio__FinalDelay"] = "00:00:00.200",
            ["Simulator__Twilio__DelayJitter"] = Environment.GetEnvironmentVariable("BENCH_JITTER") ?? "0.5",
            ["Simulator__SendGrid__ApiKey"] = "SG.bench",
        });
        await using var api = BenchmarkHost.StartProject("Notifications.Api", apiPort, new Dictionary<string, string>(common) { ["ApiKeys__bench"] = ApiKey });
        await using var worker = BenchmarkHost.StartProject("Notifications.Worker", workerPort, new Dictionary<string, string>(common)
        {
            ["Sms__Senders__default__MessagesPerSecond"] = "10000",
            ["Dispatch__SendConcurrency"] = BenchmarkHost.IntOption(args, "--send-concurrency", 64).ToString(CultureInfo.InvariantCulture),
            ["Dispatch__PollInterval"] = "00:00:00.200",
        });
        try
        {
            await simulator.WaitHealthyAsync();
            await api.WaitHealthyAsync();
            await worker.WaitHealthyAsync();

            var warmupNumbers = Enumerable.Range(0, warmup).Select(Number).ToArray();
            var numbers = Enumerable.Range(warmup, total).Select(Number).ToArray();
            var rampNumbers = Enumerable.Range(warmup + total, pacedRate * rampSeconds).Select(Number).ToArray();
            var pacedNumbers = Enumerable.Range(warmup + total + rampNumbers.Length, pacedRate * pacedSeconds).Select(Number).ToArray();
            var singleNumbers = Enumerable.Range(warmup + total + rampNumbers.Length + pacedNumbers.Length, (int)(TimeSpan.FromSeconds(singleSeconds) / singleInterval))
                .Select(Number).ToArray();
            await LoadConsentsAsync(infrastructure.Database, [.. warmupNumbers, .. numbers, .. rampNumbers, .. pacedNumbers, .. singleNumbers]);
            var peaks = new Dictionary<string, string>();

            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients * 2 }) { BaseAddress = new Uri(apiUrl) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);

            // A server runs for days: the measured run starts once the processes have compiled their hot paths.
            var warmupCpuBefore = Cpu(api, worker, simulator);
            var warmupClock = Stopwatch.StartNew();
            var memory = Memory(api, worker, simulator);
            if (warmup > 0)
            {
                Console.WriteLine($"Warming up with {warmup:N0} messages...");
                await SendAllAsync(http, warmupNumbers, clients, batchSize, []);
                await WaitDeliveredAsync(infrastructure.Database, warmup, TimeSpan.FromMinutes(10));
            }

            peaks["warm-up"] = await memory.StopAsync();

            var warmupSeconds = warmupClock.Elapsed.TotalSeconds;
            var warmupCpuAfter = Cpu(api, worker, simulator);

            await ResetStatementsAsync(infrastructure.Database);
            var statementsBefore = await StatementsAsync(infrastructure.Database);
            var cpuBefore = Cpu(api, worker, simulator);
            var singleLatencies = new ConcurrentBag<double>();
            var measuredFrom = DateTimeOffset.UtcNow;
            memory = Memory(api, worker, simulator);
            var clock = Stopwatch.StartNew();
            await SendAllAsync(http, numbers, clients, batchSize, singleLatencies);
            var acceptSeconds = clock.Elapsed.TotalSeconds;
            var delivered = await WaitDeliveredAsync(infrastructure.Database, warmup + total, TimeSpan.FromMinutes(10)) - warmup;
            var endToEndSeconds = clock.Elapsed.TotalSeconds;
            peaks["throughput"] = await memory.StopAsync();
            var cpuAfter = Cpu(api, worker, simulator);
            var (handOver, delivery) = await LatenciesAsync(infrastructure.Database, measuredFrom);
            var statements = await StatementsAsync(infrastructure.Database);
            var topStatements = await TopStatementsAsync(infrastructure.Database, total);

            // Accept latency at a steady request rate (open loop: requests go out on schedule, whatever the answers do).
            Console.WriteLine($"Throughput phase done; {pacedRate} single calls/s for {rampSeconds} + {pacedSeconds} s...");
            using var pacedHttp = new HttpClient { BaseAddress = new Uri(apiUrl) };
            pacedHttp.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);

            // An app sending steadily has its connections open already: open them before the clock starts.
            foreach (var response in await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => pacedHttp.GetAsync(new Uri("/alive", UriKind.Relative)))))
            {
                response.Dispose();
            }

            // The switch from full load to the steady rate has a transient of its own (the processes and
            // PostgreSQL settle after the burst): the first seconds at the rate are reported apart.
            memory = Memory(api, worker, simulator);
            var (ramp, _) = await SendPacedAsync(pacedHttp, rampNumbers, pacedRate);
            var pacedFrom = DateTimeOffset.UtcNow;
            await ResetStatementsAsync(infrastructure.Database);
            var pacedStatementsBefore = await StatementsAsync(infrastructure.Database);
            var pacedCpuBefore = Cpu(api, worker, simulator);
            var pacedActivityBefore = await DatabaseActivityAsync(infrastructure.Database);
            var pacedGcPauseBefore = GC.GetTotalPauseDuration();
            var (paced, slowSeconds) = await SendPacedAsync(pacedHttp, pacedNumbers, pacedRate);
            var pacedGcPause = GC.GetTotalPauseDuration() - pacedGcPauseBefore;
            var pacedActivity = (await DatabaseActivityAsync(infrastructure.Database)).Since(pacedActivityBefore);
            var pacedDelivered = await WaitDeliveredAsync(infrastructure.Database, warmup + total + rampNumbers.Length + pacedNumbers.Length, TimeSpan.FromMinutes(5)) - warmup - total - rampNumbers.Length;
            var pacedCpuAfter = Cpu(api, worker, simulator);
            var pacedStatements = await StatementsAsync(infrastructure.Database);
            var pacedTopStatements = await TopStatementsAsync(infrastructure.Database, pacedNumbers.Length);
            peaks["paced"] = await memory.StopAsync();
            var (pacedHandOver, pacedDelivery) = await LatenciesAsync(infrastructure.Database, pacedFrom);

            // One message at a time: nothing else in the outbox when each arrives.
            Console.WriteLine($"Paced phase done; one message every {singleInterval.TotalMilliseconds:N0} ms for {singleSeconds} s...");
            memory = Memory(api, worker, simulator);
            var singleFrom = DateTimeOffset.UtcNow;
            var single = await OneAtATimePhase.SendAsync(pacedHttp, singleNumbers, singleInterval);
            var singleDelivered = await WaitDeliveredAsync(infrastructure.Database, warmup + total + rampNumbers.Length + pacedNumbers.Length + singleNumbers.Length, TimeSpan.FromMinutes(2))
                - warmup - total - rampNumbers.Length - pacedNumbers.Length;
            peaks["one at a time"] = await memory.StopAsync();
            var (singleHandOver, singleDelivery) = await LatenciesAsync(infrastructure.Database, singleFrom);
            await HistoryPhase.RunAsync(infrastructure.Database, apiUrl, ApiKey, history, historyIds, runStarted, tablesBefore);

            // The baseline gets the machine to itself: the service's processes are stopped first.
            foreach (var process in new[] { api, worker, simulator })
            {
                process.Process.Kill(entireProcessTree: true);
            }

            var baselineJobs = Math.Min(total, BenchmarkHost.IntOption(args, "--baseline-jobs", 2_000));
            Console.WriteLine($"Plain Hangfire baseline, {baselineJobs:N0} jobs in each of {HangfireBaseline.WorkerCounts.Length * 2} configurations...");
            var baselines = await HangfireBaseline.RunAllAsync(infrastructure.Database, baselineJobs);
            var baseline = baselines.MaxBy(b => b.JobsPerSecond)!;

            var latency = singleLatencies.Order().ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""

                End-to-end benchmark ({Environment.ProcessorCount} cores, every process on this machine), {total:N0} messages, {clients} clients (half single calls, half batches of {batchSize})
                  warm-up (processes just started): {warmup:N0} messages, {(warmup == 0 ? "none" : $"{warmup / warmupSeconds:N0} messages/s end to end ({warmup / warmupSeconds / (total / endToEndSeconds):P0} of the warmed rate below; target ≥ 85 % over the first 100,000)")}
                  CPU s per 1,000 while warming up: {(warmup == 0 ? "none" : warmupCpuAfter.PerThousand(warmupCpuBefore, warmup))}
                  delivered:                      {delivered:N0} of {total:N0}
                  accepted at the API:            {total / acceptSeconds:N0} messages/s ({acceptSeconds:N1} s)
                  end to end (first request to last delivered): {total / endToEndSeconds:N0} messages/s ({endToEndSeconds:N1} s)
                  single-call accept latency:     p50 {P(latency, 0.50):N1} ms, p95 {P(latency, 0.95):N1} ms, p99 {P(latency, 0.99):N1} ms (while batches compete, as fast as the API answers)
                  accept → handed to Twilio:      p50 {handOver.P50:N0} ms, p95 {handOver.P95:N0} ms, p99 {handOver.P99:N0} ms
                  accept → delivered:             p50 {delivery.P50:N0} ms, p95 {delivery.P95:N0} ms, p99 {delivery.P99:N0} ms
                  CPU s per 1,000 messages:       {cpuAfter.PerThousand(cpuBefore, total)}
                  PostgreSQL statements/message:  {statements.PerMessage(statementsBefore, total)}
                Accept latency at {pacedRate} single calls/s for {pacedSeconds} s ({pacedNumbers.Length:N0} messages, {pacedDelivered:N0} delivered, the send path running):
                  p50 {P(paced, 0.50):N1} ms, p95 {P(paced, 0.95):N1} ms, p99 {P(paced, 0.99):N1} ms, max {paced[^1]:N1} ms
                  calls over 50 ms by second of the phase: {slowSeconds}
                  before it, {rampSeconds} s at the same rate after the throughput phase, not counted above: p99 {P(ramp, 0.99):N1} ms, max {(ramp.Length == 0 ? 0 : ramp[^1]):N1} ms
                  meanwhile: {pacedActivity}; load generator's own GC pauses {pacedGcPause.TotalMilliseconds:N0} ms
                  CPU s per 1,000 messages:       {pacedCpuAfter.PerThousand(pacedCpuBefore, pacedNumbers.Length)}
                  PostgreSQL statements/message:  {pacedStatements.PerMessage(pacedStatementsBefore, pacedNumbers.Length)}
                Plain Hangfire baseline (one empty job per message, Hangfire.PostgreSql, same PostgreSQL, {baselineJobs:N0} jobs per configuration, each on a new schema, service stopped):
                  {string.Join(Environment.NewLine + "  ", baselines)}
                Ratio (end-to-end / best baseline, {baseline.Workers} workers, long polling {(baseline.LongPolling ? "on" : "off")}): {total / endToEndSeconds / baseline.JobsPerSecond:N1}x

                PostgreSQL statements by total execution time (calls per message, ms per message):
                {topStatements}
                The same, at {pacedRate} single calls/s:
                {pacedTopStatements}
                """));
            Console.WriteLine(LatencyReport(
                pacedRate, paced, pacedHandOver, pacedDelivery, singleInterval, singleSeconds, singleNumbers.Length, singleDelivered, single, singleHandOver, singleDelivery, peaks));
            return delivered == total ? 0 : 1;
        }
        finally
        {
            foreach (var process in new[] { api, worker, simulator })
            {
                process.Process.Kill(entireProcessTree: true);
            }
        }
    }

    internal static string Number(int i) => $"+1{AreaCodes[i % AreaCodes.Length]}{600 + (i / AreaCodes.Length % 300)}{i / (AreaCodes.Length * 300) % 10_000:D4}";

    private static readonly int[] AreaCodes = [201, 202, 203, 205, 206, 207, 208, 209, 210, 212, 213, 214, 215, 216, 217, 218, 219, 224, 225, 228, 229, 231, 234, 239, 240, 248, 251, 252, 253, 254];

    private static async Task SendAllAsync(HttpClient http, string[] numbers, int clients, int batchSize, ConcurrentBag<double> singleLatencies)
    {
        var half = numbers.Length / 2;
        var singles = new ConcurrentQueue<string>(numbers[..half]);
        var batches = new ConcurrentQueue<string[]>(numbers[half..].Chunk(batchSize));
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async client =>
        {
            while (true)
            {
                if (client % 2 == 0 && singles.TryDequeue(out var to))
                {
                    var watch = Stopwatch.StartNew();
                    using var response = await http.PostAsJsonAsync("/api/messages", new { to, body = "Benchmark message" });
                    singleLatencies.Add(watch.Elapsed.TotalMilliseconds);
                    response.EnsureSuccessStatusCode();
                }
                else if (batches.TryDequeue(out var batch))
                {
                    using var response = await http.PostAsJsonAsync("/api/messages/batch", new { messages = batch.Select(n => new { to = n, body = "Benchmark message" }) });
                    response.EnsureSuccessStatusCode();
                }
                else if (!singles.TryDequeue(out var last))
                {
                    return;
                }
                else
                {
                    using var response = await http.PostAsJsonAsync("/api/messages", new { to = last, body = "Benchmark message" });
                    response.EnsureSuccessStatusCode();
                }
            }
        }));
    }

    /// <summary>
    /// Single calls at <paramref name="rate"/> per second on a fixed schedule; returns the sorted latencies in ms,
    /// and how many calls took over 50 ms in each second where any did (where the tail comes from).
    /// </summary>
    private static async Task<(double[] Sorted, string SlowSeconds)> SendPacedAsync(HttpClient http, string[] numbers, int rate)
    {
        // Bodies are built up front so the load generator spends little CPU of its own on the shared cores.
        var bodies = numbers.Select(n => Encoding.UTF8.GetBytes($$"""{"to":"{{n}}","body":"Benchmark message"}""")).ToArray();
        var latencies = new double[numbers.Length];
        var requests = new List<Task>(numbers.Length);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < numbers.Length; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / rate);
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }

            requests.Add(SendTimedAsync(http, bodies[i], latencies, i));
        }

        await Task.WhenAll(requests);
        var slow = Enumerable.Range(0, latencies.Length).Where(i => latencies[i] > 50).GroupBy(i => i / rate)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key}s: {g.Count()}")).ToList();
        Array.Sort(latencies);
        return (latencies, slow.Count == 0 ? "none" : string.Join(", ", slow));
    }

    /// <summary>Checkpoints and autovacuum runs so far: background work that competes with the calls.</summary>
    private static async Task<DatabaseActivity> DatabaseActivityAsync(string database)
    {
        await using var db = new NpgsqlConnection(database);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT (SELECT checkpoints_timed + checkpoints_req FROM pg_stat_bgwriter),
                   (SELECT coalesce(sum(autovacuum_count), 0)::bigint FROM pg_stat_user_tables),
                   (SELECT coalesce(sum(autoanalyze_count), 0)::bigint FROM pg_stat_user_tables)
            """, db);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new DatabaseActivity(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }

    private sealed record DatabaseActivity(long Checkpoints, long Autovacuums, long Autoanalyzes)
    {
        public DatabaseActivity Since(DatabaseActivity before) =>
            new(Checkpoints - before.Checkpoints, Autovacuums - before.Autovacuums, Autoanalyzes - before.Autoanalyzes);

        public override string ToString() => $"PostgreSQL checkpoints {Checkpoints}, autovacuum runs {Autovacuums}, autoanalyze runs {Autoanalyzes}";
    }

    private static async Task SendTimedAsync(HttpClient http, byte[] body, double[] latencies, int index)
    {
        var started = Stopwatch.GetTimestamp();
        using var content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };
        using var response = await http.PostAsync(new Uri("/api/messages", UriKind.Relative), content);
        latencies[index] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        response.EnsureSuccessStatusCode();
    }

    internal static async Task LoadConsentsAsync(string database, string[] numbers)
    {
        // In chunks: the ledger's chain trigger takes a transaction-scoped advisory lock per number, and one
        // statement for every number would hold more locks than PostgreSQL's lock table has room for.
        await using var db = new NpgsqlConnection(database);
        await db.OpenAsync();
        foreach (var chunk in numbers.Chunk(2_000))
        {
            await using var command = new NpgsqlCommand("""
                INSERT INTO consent_events (phone, purpose, kind, occurred_at, recorded_at, source, opt_in_message, captured_by)
                SELECT p, 'transactional', 'opt_in', now(), now(), 'api', 'Benchmark opt-in', 'bench' FROM unnest($1::text[]) AS p
                """, db) { Parameters = { new() { Value = chunk } } };
            await command.ExecuteNonQueryAsync();
        }
    }

    private static async Task ResetStatementsAsync(string database)
    {
        await using var db = new NpgsqlConnection(database);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pg_stat_statements_reset()", db);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Statement calls and execution time since the last reset, and transactions committed so far.</summary>
    private static async Task<Statements> StatementsAsync(string database)
    {
        await using var db = new NpgsqlConnection(database);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT coalesce(sum(calls), 0)::float8, coalesce(sum(total_exec_time), 0)::float8,
                   (SELECT xact_commit::float8 FROM pg_stat_database WHERE datname = 'notifications')
            FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = 'notifications')
            """, db);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new Statements(reader.GetDouble(0), reader.GetDouble(1), reader.GetDouble(2));
    }

    private sealed record Statements(double Calls, double ExecutionMs, double Transactions)
    {
        public string PerMessage(Statements before, int messages) => string.Create(CultureInfo.InvariantCulture,
            $"{Calls / messages:N1} ({ExecutionMs / messages:N2} ms of statement execution, {(Transactions - before.Transactions) / messages:N2} transactions per message)");
    }

    private static async Task<string> TopStatementsAsync(string database, int messages)
    {
        await using var db = new NpgsqlConnection(database);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT calls::float8, total_exec_time, regexp_replace(query, '\s+', ' ', 'g')
            FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = 'notifications')
            ORDER BY total_exec_time DESC LIMIT 20
            """, db);
        await using var reader = await command.ExecuteReaderAsync();
        var lines = new List<string>();
        while (await reader.ReadAsync())
        {
            var query = reader.GetString(2);
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"  {reader.GetDouble(0) / messages,7:N3} {reader.GetDouble(1) / messages,7:N3}  {(query.Length > 110 ? query[..110] + "..." : query)}"));
        }

        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>When this run's first message could be created (after any seeded history).</summary>
    private static DateTimeOffset RunStarted { get; set; } = DateTimeOffset.MinValue;

    private static async Task<long> WaitDeliveredAsync(string database, int total, TimeSpan timeout)
    {
        await using var db = new NpgsqlConnection(database);
        await db.OpenAsync();
        var clock = Stopwatch.StartNew();
        long delivered = 0;
        long first = -1;
        do
        {
            // A poll reads every row of the run so far (0.09 ms of PostgreSQL's time per message over the throughput phase
            // at four polls a second): the wait is a quarter of the time the rest would take at the rate since the first
            // poll, between 250 ms and 1 s, so the end is still seen within 250 ms of it at a steady rate.
            var rate = first < 0 || delivered <= first ? 0 : (delivered - first) / clock.Elapsed.TotalSeconds;
            await Task.Delay(rate <= 0 ? TimeSpan.FromMilliseconds(250) : TimeSpan.FromSeconds(Math.Clamp((total - delivered) / rate / 4, 0.25, 1)));
            // This run's messages only (index on app_id, created_at): seeded history is older.
            await using var command = new NpgsqlCommand("SELECT count(*) FROM messages WHERE app_id = 'bench' AND created_at >= $1 AND status = 'delivered'", db)
            {
                Parameters = { new() { Value = RunStarted } },
            };
            delivered = (long)(await command.ExecuteScalarAsync())!;
            first = first < 0 ? delivered : first;
        }
        while (delivered < total && clock.Elapsed < timeout);
        return delivered;
    }

    private static async Task<(Percentiles HandOver, Percentiles Delivery)> LatenciesAsync(string database, DateTimeOffset from)
    {
        await using var db = new NpgsqlConnection(database);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY extract(epoch FROM a.started_at - m.created_at) * 1000),
                   percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY extract(epoch FROM m.final_at - m.created_at) * 1000)
            FROM messages m JOIN message_attempts a ON a.message_id = m.id AND a.number = 1
            WHERE m.app_id = 'bench' AND m.status = 'delivered' AND m.created_at >= $1
            """, db) { Parameters = { new() { Value = from } } };
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        var handOver = reader.GetFieldValue<double[]>(0);
        var delivery = reader.GetFieldValue<double[]>(1);
        return (new Percentiles(handOver[0], handOver[1], handOver[2]), new Percentiles(delivery[0], delivery[1], delivery[2]));
    }

    /// <summary>
    /// Accept → handed to Twilio and accept → delivered at the paced rate and one message at a time, against their targets,
    /// and the peak memory of each process by phase.
    /// </summary>
    private static string LatencyReport(
        int pacedRate, double[] paced, Percentiles pacedHandOver, Percentiles pacedDelivery,
        TimeSpan singleInterval, int singleSeconds, int singleCount, long singleDelivered, double[] single, Percentiles singleHandOver, Percentiles singleDelivery,
        Dictionary<string, string> peaks) => string.Create(CultureInfo.InvariantCulture, $"""

        Latency at {pacedRate} single calls/s (the paced phase above):
          accept (at the API):            p50 {P(paced, 0.50):N1} ms, p95 {P(paced, 0.95):N1} ms, p99 {P(paced, 0.99):N1} ms (target p99 < 20 ms: {Met(P(paced, 0.99) < 20)})
          accept → handed to Twilio:      p50 {pacedHandOver.P50:N0} ms, p95 {pacedHandOver.P95:N0} ms, p99 {pacedHandOver.P99:N0} ms (target p99 < 150 ms: {Met(pacedHandOver.P99 < 150)})
          accept → delivered:             p50 {pacedDelivery.P50:N0} ms, p95 {pacedDelivery.P95:N0} ms, p99 {pacedDelivery.P99:N0} ms
        One message at a time (one every {singleInterval.TotalMilliseconds:N0} ms for {singleSeconds} s, {singleCount:N0} messages, {singleDelivered:N0} delivered):
          accept (at the API):            p50 {P(single, 0.50):N1} ms, p95 {P(single, 0.95):N1} ms, p99 {P(single, 0.99):N1} ms
          accept → handed to Twilio:      p50 {singleHandOver.P50:N0} ms, p95 {singleHandOver.P95:N0} ms, p99 {singleHandOver.P99:N0} ms (target p95 < 50 ms: {Met(singleHandOver.P95 < 50)})
          accept → delivered:             p50 {singleDelivery.P50:N0} ms, p95 {singleDelivery.P95:N0} ms, p99 {singleDelivery.P99:N0} ms
        Peak resident memory (VmRSS sampled every 100 ms):
        {string.Join(Environment.NewLine, peaks.Select(p => $"  {p.Key + ":",-15} {p.Value}"))}
        """);

    private static string Met(bool met) => met ? "met" : "missed";

    private static PeakMemory Memory(ServiceProcess api, ServiceProcess worker, ServiceProcess simulator) =>
        PeakMemory.Start(("api", api.Process), ("worker", worker.Process), ("simulator", simulator.Process));

    private static CpuSample Cpu(ServiceProcess api, ServiceProcess worker, ServiceProcess simulator) => new(
        CpuMeter.Of(api.Process), CpuMeter.Of(worker.Process), CpuMeter.Of(simulator.Process), CpuMeter.OfNamed("postgres"), CpuMeter.OfNamed("redis-server"),
        CpuMeter.Of(Process.GetCurrentProcess()), CpuMeter.Machine());

    private sealed record CpuSample(double Api, double Worker, double Simulator, double Postgres, double Redis, double LoadGenerator, double Machine)
    {
        public string MachinePerThousand(CpuSample before, int messages) => Per(Machine, before.Machine, messages);

        public string PerThousand(CpuSample before, int messages) =>
            $"api {Per(Api, before.Api, messages)}, worker {Per(Worker, before.Worker, messages)}, simulator {Per(Simulator, before.Simulator, messages)}, " +
            $"postgres {Per(Postgres, before.Postgres, messages)}, redis {Per(Redis, before.Redis, messages)}, " +
            $"load generator {Per(LoadGenerator, before.LoadGenerator, messages)}; whole machine {MachinePerThousand(before, messages)}";

        private static string Per(double after, double start, int messages) =>
            ((after - start) / messages * 1000).ToString("N2", CultureInfo.InvariantCulture);
    }

    private static double P(double[] sorted, double q) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];

    private sealed record Percentiles(double P50, double P95, double P99);
}
