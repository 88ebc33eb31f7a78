using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Notifications.Testing;
using Npgsql;

namespace Notifications.Benchmarks;

/// <summary>
/// <c>GET /api/messages/{id}</c> alone, one request at a time over random ids of a seeded history (as the end-to-end
/// benchmark's history phase asks them), with no send path running: the latency percentiles, the api's CPU time and
/// PostgreSQL statements per request. With <c>--compare &lt;Notifications.Api.dll&gt;</c> a second api, built elsewhere
/// (another commit), serves the same database and the requests alternate between the two, so both are measured under
/// the same noise of a shared machine; <c>--compare-env KEY=VALUE</c> (repeatable) sets a variable for that second api
/// only (<c>--compare</c> naming this build's own api then measures a setting, such as <c>OTEL_SDK_DISABLED=true</c>).
/// </summary>
internal static class GetMessageBenchmark
{
    private const string ApiKey = "benchmark-api-key-0001";

    public static async Task<int> RunAsync(string[] args)
    {
        var history = BenchmarkHost.IntOption(args, "--history", 200_000);
        var requests = BenchmarkHost.IntOption(args, "--requests", 5_000);
        var warmup = BenchmarkHost.IntOption(args, "--warmup", 2_000);
        var compareIndex = Array.IndexOf(args, "--compare");
        var compare = compareIndex >= 0 && compareIndex + 1 < args.Length ? Path.GetFullPath(args[compareIndex + 1]) : null;
        if (compare is not null && !File.Exists(compare))
        {
            Console.Error.WriteLine($"--compare: no file {compare}");
            return 2;
        }

        await using var infrastructure = await LocalInfrastructure.StartAsync();
        await using (var migrations = BenchmarkHost.StartProject("Notifications.MigrationService", 0, new Dictionary<string, string> { ["ConnectionStrings__notifications"] = infrastructure.Database }))
        {
            if (await migrations.WaitForExitAsync() != 0)
            {
                Console.Error.WriteLine("Migrations failed.");
                return 1;
            }
        }

        await ExecuteAsync(infrastructure.Database, "CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
        var ids = await HistorySeeder.SeedAsync(infrastructure.Database, history, "bench");
        var environment = new Dictionary<string, string>
        {
            ["ConnectionStrings__notifications"] = infrastructure.Database,
            ["ConnectionStrings__cache"] = infrastructure.Cache,
            ["TWILIO_ACCOUNT_SID"] = "AC00000000000000000000000000000000",
            ["TWILIO_AUTH_TOKEN"] = "bench",
            ["ApiKeys__bench"] = ApiKey,
        };

        var apis = new List<Api> { await Api.StartAsync("this build", BenchmarkHost.StartProject("Notifications.Api", LoopbackPorts.Free(), environment)) };
        try
        {
            if (compare is not null)
            {
                var compareEnvironment = new Dictionary<string, string>(environment);
                for (var i = 0; i < args.Length - 1; i++)
                {
                    if (args[i] == "--compare-env" && args[i + 1].Split('=', 2) is [var key, var value])
                    {
                        compareEnvironment[key] = value;
                    }
                }

                var settings = string.Join(", ", compareEnvironment.Where(e => environment.GetValueOrDefault(e.Key) != e.Value).Select(e => $"{e.Key}={e.Value}"));
                apis.Add(await Api.StartAsync(
                    compare + (settings.Length > 0 ? $" ({settings})" : string.Empty), StartBuild(compare, compareEnvironment)));
            }

            var random = new Random(11);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Warming up: {warmup:N0} GETs per api; then {requests:N0} GETs per api over {ids.Length:N0} ids, one at a time{(apis.Count > 1 ? ", alternating" : string.Empty)}..."));
            for (var i = 0; i < warmup; i++)
            {
                foreach (var api in apis)
                {
                    await api.GetAsync(ids[random.Next(ids.Length)]);
                }
            }

            // What each api uses with no request (its background services), to take out of the per-request figure.
            foreach (var api in apis)
            {
                api.StartIdle();
            }

            await Task.Delay(TimeSpan.FromSeconds(10));
            await ExecuteAsync(infrastructure.Database, "SELECT pg_stat_statements_reset()");
            foreach (var api in apis)
            {
                api.Start(requests);
            }

            for (var i = 0; i < requests; i++)
            {
                var id = ids[random.Next(ids.Length)];
                // Each api goes first half of the time, so neither profits from the other warming PostgreSQL's cache.
                for (var k = 0; k < apis.Count; k++)
                {
                    await apis[(i + k) % apis.Count].MeasureAsync(id);
                }
            }

            var statements = await StatementsAsync(infrastructure.Database, requests * apis.Count);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"\nGET /api/messages/{{id}} ({history:N0} seeded messages, {requests:N0} requests per api, one at a time, {Environment.ProcessorCount} cores shared):"));
            foreach (var api in apis)
            {
                Console.WriteLine(api.Report());
            }

            Console.WriteLine($"  PostgreSQL statements, per request over every api:{statements}");
        }
        finally
        {
            foreach (var api in apis)
            {
                await api.DisposeAsync();
            }
        }

        return 0;
    }

    /// <summary>Starts an api from another build output folder, with the same settings.</summary>
    private static ServiceProcess StartBuild(string assembly, Dictionary<string, string> environment)
    {
        var port = LoopbackPorts.Free();
        var folder = Path.GetDirectoryName(assembly)!;
        var variables = new Dictionary<string, string>(environment)
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Logging__LogLevel__Default"] = "Warning",
            ["OTEL_SDK_DISABLED"] = Environment.GetEnvironmentVariable("BENCH_OTEL_OFF") ?? "false",
        };
        return ServiceProcess.StartAssembly(assembly, folder, variables, port);
    }

    private static async Task<string> StatementsAsync(string database, int requests)
    {
        await using var db = new NpgsqlConnection(database);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT calls, total_exec_time, left(regexp_replace(query, '\s+', ' ', 'g'), 110) AS query
            FROM pg_stat_statements WHERE calls >= $1 ORDER BY calls DESC, total_exec_time DESC LIMIT 20
            """, db) { Parameters = { new() { Value = (long)(requests / 10) } } };
        await using var reader = await command.ExecuteReaderAsync();
        var text = new StringBuilder();
        while (await reader.ReadAsync())
        {
            var calls = reader.GetInt64(reader.GetOrdinal("calls"));
            text.Append(string.Create(CultureInfo.InvariantCulture,
                $"\n    {(double)calls / requests,5:N2} × {reader.GetDouble(reader.GetOrdinal("total_exec_time")) / calls,6:N3} ms  {reader.GetString(reader.GetOrdinal("query"))}"));
        }

        return text.ToString();
    }

    private static async Task ExecuteAsync(string database, string sql)
    {
        await using var db = new NpgsqlConnection(database);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand(sql, db);
        await command.ExecuteNonQueryAsync();
    }

    private static double P(double[] sorted, double q) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];

    /// <summary>One api process under test, with its client and its measurements.</summary>
    private sealed class Api(string name, ServiceProcess process, HttpClient http) : IAsyncDisposable
    {
        private double[] _latencies = [];
        private int _count;
        private double _cpuBefore;
        private double _idleCpuPerSecond;
        private long _started;

        public static async Task<Api> StartAsync(string name, ServiceProcess process)
        {
            await process.WaitHealthyAsync();
            var http = new HttpClient { BaseAddress = process.BaseUrl, Timeout = TimeSpan.FromMinutes(1) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
            return new Api(name, process, http);
        }

        public async Task GetAsync(Guid id)
        {
            using var response = await http.GetAsync(new Uri($"/api/messages/{id}", UriKind.Relative));
            response.EnsureSuccessStatusCode();
            _ = await response.Content.ReadAsByteArrayAsync();
        }

        public void StartIdle()
        {
            _cpuBefore = CpuMeter.Of(process.Process);
            _started = Stopwatch.GetTimestamp();
        }

        public void Start(int requests)
        {
            _idleCpuPerSecond = (CpuMeter.Of(process.Process) - _cpuBefore) / Stopwatch.GetElapsedTime(_started).TotalSeconds;
            _started = Stopwatch.GetTimestamp();
            _latencies = new double[requests];
            _count = 0;
            _cpuBefore = CpuMeter.Of(process.Process);
        }

        public async Task MeasureAsync(Guid id)
        {
            var started = Stopwatch.GetTimestamp();
            await GetAsync(id);
            _latencies[_count++] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        public string Report()
        {
            var cpu = CpuMeter.Of(process.Process) - _cpuBefore - (_idleCpuPerSecond * Stopwatch.GetElapsedTime(_started).TotalSeconds);
            var sorted = _latencies[.._count].Order().ToArray();
            return string.Create(CultureInfo.InvariantCulture,
                $"  {name}\n    p50 {P(sorted, 0.50),6:N2} ms, p95 {P(sorted, 0.95),6:N2} ms, p99 {P(sorted, 0.99),6:N2} ms, max {sorted[^1],7:N1} ms; api CPU {cpu * 1_000 / _count:N3} ms/request (less {_idleCpuPerSecond * 1_000:N0} ms/s idle)");
        }

        public async ValueTask DisposeAsync()
        {
            http.Dispose();
            process.Process.Kill(entireProcessTree: true);
            await process.DisposeAsync();
        }
    }
}
