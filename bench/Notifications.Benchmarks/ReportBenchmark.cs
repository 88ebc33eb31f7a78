using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using Npgsql;

namespace Notifications.Benchmarks;

/// <summary>
/// The channel-reliability report over a month of data: N messages spread over 30 days (countries,
/// senders, error codes, fallbacks), then each grouping timed through the API.
/// </summary>
internal static class ReportBenchmark
{
    private const string ApiKey = "benchmark-api-key-0001";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Contains("--history"))
        {
            return await ReportHistoryBenchmark.RunAsync(args);
        }

        var total = BenchmarkHost.IntOption(args, "--messages", 1_000_000);
        await using var infrastructure = await LocalInfrastructure.StartAsync();
        await using (var migrations = BenchmarkHost.StartProject("Notifications.MigrationService", 0, new Dictionary<string, string> { ["ConnectionStrings__notifications"] = infrastructure.Database }))
        {
            await migrations.WaitForExitAsync();
        }

        var load = Stopwatch.StartNew();
        await using (var db = new NpgsqlConnection(infrastructure.Database))
        {
            await db.OpenAsync();
            await using var insert = new NpgsqlCommand("""
                INSERT INTO messages (id, app_id, "to", country, body, purpose, status, fallback_email, override_opt_in, due_at, created_at, updated_at,
                                      claimed_at, attempts, sender, sender_kind, error_code, final_at, fallback_status, fallback_reason)
                SELECT gen_random_uuid(), 'bench', '+1415' || lpad((i % 10000000)::text, 7, '0'),
                       (ARRAY['US','US','US','GB','IN','NG','KE','ZA'])[1 + i % 8], 'report fixture', 'transactional',
                       s.status, CASE WHEN s.status <> 'delivered' THEN 'x@example.com' END, false, t, t, t, t,
                       1 + (i % 3 = 0)::int, (ARRAY['+15005550006','AcmeAlerts','ACMEIN','AcmeNG'])[1 + i % 4], 'long_code',
                       CASE s.status WHEN 'undelivered' THEN 30006 WHEN 'failed' THEN 30034 END,
                       t + make_interval(secs => 2 + i % 60),
                       CASE WHEN s.status <> 'delivered' THEN (ARRAY['delivered','bounced','sent'])[1 + i % 3] END,
                       CASE s.status WHEN 'undelivered' THEN '30006' WHEN 'failed' THEN '30034' END
                FROM generate_series(1, $1) AS i,
                     LATERAL (SELECT timestamptz '2026-10-01' + make_interval(secs => (i::bigint * 2592000 / $1)::double precision) AS t) AS ts,
                     LATERAL (SELECT CASE WHEN i % 20 = 0 THEN 'undelivered' WHEN i % 33 = 0 THEN 'failed' ELSE 'delivered' END AS status) AS s
                """, db) { CommandTimeout = 600, Parameters = { new() { Value = total } } };
            await insert.ExecuteNonQueryAsync();
            await using var analyze = new NpgsqlCommand("ANALYZE messages", db);
            await analyze.ExecuteNonQueryAsync();
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Loaded {total:N0} messages over 30 days in {load.Elapsed.TotalSeconds:N1} s"));

        var apiPort = LoopbackPorts.Free();
        await using var api = BenchmarkHost.StartProject("Notifications.Api", apiPort, new Dictionary<string, string>
        {
            ["ConnectionStrings__notifications"] = infrastructure.Database,
            ["ConnectionStrings__cache"] = infrastructure.Cache,
            ["TWILIO_ACCOUNT_SID"] = "AC00000000000000000000000000000000",
            ["TWILIO_AUTH_TOKEN"] = "bench",
            ["ApiKeys__bench"] = ApiKey,
        });
        try
        {
            await api.WaitHealthyAsync();
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{apiPort}"), Timeout = TimeSpan.FromMinutes(5) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
            Console.WriteLine("Channel-reliability report over the whole month (first call, then the best of 3 more):");
            foreach (var groupBy in new[] { "day", "country", "sender", "errorCode" })
            {
                var url = new Uri($"/api/reports/channel-reliability?from=2026-10-01T00:00:00Z&to=2026-11-01T00:00:00Z&groupBy={groupBy}", UriKind.Relative);
                var timings = new List<double>();
                for (var i = 0; i < 4; i++)
                {
                    var watch = Stopwatch.StartNew();
                    (await http.GetAsync(url)).EnsureSuccessStatusCode();
                    timings.Add(watch.Elapsed.TotalMilliseconds);
                }

                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  groupBy={groupBy,-10} first {timings[0],8:N0} ms   best {timings.Skip(1).Min(),8:N0} ms"));
            }
        }
        finally
        {
            api.Process.Kill(entireProcessTree: true);
        }

        return 0;
    }
}
