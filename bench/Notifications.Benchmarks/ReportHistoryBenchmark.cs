using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using Notifications.Core.Reporting;
using Notifications.Testing;
using Npgsql;

namespace Notifications.Benchmarks;

/// <summary>
/// The channel-reliability report over the last 365 days on a grown database: H messages of history over 12 months
/// (<see cref="HistorySeeder"/>, its days rolled up), and a busy today (T messages created over the last M minutes,
/// each row rewritten as the send path does, then today's slices rolled up as the worker's job does), then every
/// grouping timed through the API (p50 and p99). With
/// <c>--hold-file</c> the database stays up (its connection string printed) until that file is deleted, to run
/// EXPLAIN or another build's API against the same data.
/// </summary>
internal static class ReportHistoryBenchmark
{
    private const string ApiKey = "benchmark-api-key-0001";

    public static async Task<int> RunAsync(string[] args)
    {
        var history = BenchmarkHost.IntOption(args, "--history", 1_000_000);
        var today = BenchmarkHost.IntOption(args, "--today", 150_000);
        var todayMinutes = BenchmarkHost.IntOption(args, "--today-minutes", 30);
        var runs = BenchmarkHost.IntOption(args, "--runs", 20);
        var holdIndex = Array.IndexOf(args, "--hold-file");
        var holdFile = holdIndex >= 0 && holdIndex + 1 < args.Length ? args[holdIndex + 1] : null;

        await using var infrastructure = await LocalInfrastructure.StartAsync();
        await using (var migrations = BenchmarkHost.StartProject("Notifications.MigrationService", 0, new Dictionary<string, string> { ["ConnectionStrings__notifications"] = infrastructure.Database }))
        {
            if (await migrations.WaitForExitAsync() != 0)
            {
                Console.Error.WriteLine("Migrations failed.");
                return 1;
            }
        }

        await HistorySeeder.SeedAsync(infrastructure.Database, history, "bench");
        await HistorySeeder.SeedTodayAsync(infrastructure.Database, today, TimeSpan.FromMinutes(todayMinutes), updates: 3);
        await using (var dataSource = NpgsqlDataSource.Create(infrastructure.Database))
        {
            // What the worker's rollup job has done by now: today's minutes up to a few minutes ago are slices.
            var clock = Stopwatch.StartNew();
            var slices = await DaySlices.RollUpDueAsync(dataSource, CancellationToken.None);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Rollup job: {slices} slices of today and yesterday computed in {clock.Elapsed.TotalSeconds:N1} s"));
        }

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
            var to = DateTimeOffset.UtcNow;
            var lines = await ReportTimings.MeasureAsync(http, to.AddDays(-365), to, runs);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""

                Channel-reliability report over the last 365 days ({history:N0} messages of history, {today:N0} of today over {todayMinutes} minutes; target p50 and p99 < 300 ms):{lines}
                """));
        }
        finally
        {
            api.Process.Kill(entireProcessTree: true);
        }

        if (holdFile is not null)
        {
            await File.WriteAllTextAsync(holdFile, infrastructure.Database);
            Console.WriteLine($"Holding the database ({infrastructure.Database}) until {holdFile} is deleted.");
            while (File.Exists(holdFile))
            {
                await Task.Delay(TimeSpan.FromSeconds(2));
            }
        }

        return 0;
    }
}
