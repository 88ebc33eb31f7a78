using System.Diagnostics;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Npgsql;

namespace Notifications.Benchmarks;

/// <summary>
/// What a user would otherwise build: one Hangfire job per message (empty), on Hangfire.PostgreSql, in its strongest
/// configuration: every combination of <see cref="WorkerCounts"/> and long polling on or off is run (each on a freshly
/// created schema) and the best rate is the one to beat.
/// </summary>
internal static class HangfireBaseline
{
    /// <summary>The server's worker counts tried (Hangfire's default is five per core, capped at 20).</summary>
    public static readonly int[] WorkerCounts = [5, 10, 20];

    private const string Schema = "hangfire_baseline";

    /// <summary>How long without a finished job before the run stops waiting for the rest.</summary>
    private static readonly TimeSpan Stalled = TimeSpan.FromSeconds(20);

    /// <summary>
    /// How often idle workers poll the queue without long polling: short, so that a worker that found the queue empty
    /// while the jobs were still being enqueued does not sit out the rest of the run (Hangfire.PostgreSql's default is 15 s).
    /// </summary>
    private static readonly TimeSpan ShortPoll = TimeSpan.FromMilliseconds(200);

    /// <summary>Runs <paramref name="jobs"/> jobs in each configuration, one after another, each on a new schema.</summary>
    public static async Task<List<BaselineResult>> RunAllAsync(string database, int jobs)
    {
        var results = new List<BaselineResult>();
        foreach (var longPolling in new[] { true, false })
        {
            foreach (var workers in WorkerCounts)
            {
                await DropSchemaAsync(database);
                results.Add(await RunAsync(database, jobs, workers, longPolling));
                Console.WriteLine($"  baseline: {results[^1]}");
            }
        }

        await DropSchemaAsync(database);
        return results;
    }

    public static async Task<BaselineResult> RunAsync(string database, int jobs, int workers, bool longPolling)
    {
        var storage = new PostgreSqlStorage(new NpgsqlConnectionFactory(database, new PostgreSqlStorageOptions()), new PostgreSqlStorageOptions
        {
            SchemaName = Schema,
            PrepareSchemaIfNecessary = true,
            EnableLongPolling = longPolling,
            QueuePollInterval = longPolling ? TimeSpan.FromSeconds(15) : ShortPoll,
        });
        var client = new BackgroundJobClient(storage);
        using var server = new BackgroundJobServer(new BackgroundJobServerOptions { WorkerCount = workers }, storage);

        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, jobs), new ParallelOptions { MaxDegreeOfParallelism = 8 }, (i, _) =>
        {
            client.Enqueue(() => EmptyJob.Run(i));
            return ValueTask.CompletedTask;
        });

        // A job Hangfire fetched but never ran stays invisible for 30 minutes; the rate is taken up
        // to the last finished job, and such stragglers are reported rather than waited for.
        var monitoring = storage.GetMonitoringApi();
        long succeeded = 0;
        var lastProgress = clock.Elapsed;
        while (succeeded < jobs && clock.Elapsed - lastProgress < Stalled)
        {
            await Task.Delay(100);
            var now = monitoring.SucceededListCount();
            if (now > succeeded)
            {
                succeeded = now;
                lastProgress = clock.Elapsed;
            }
        }

        return new BaselineResult(workers, longPolling, succeeded, jobs, succeeded / lastProgress.TotalSeconds);
    }

    private static async Task DropSchemaAsync(string database)
    {
        await using var db = new NpgsqlConnection(database);
        await db.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {Schema} CASCADE", db);
        await drop.ExecuteNonQueryAsync();
    }
}
