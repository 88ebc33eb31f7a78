using System.Diagnostics;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;

namespace Notifications.Benchmarks;

/// <summary>What a user would otherwise build: one Hangfire job per message (empty), on Hangfire.PostgreSql.</summary>
internal static class HangfireBaseline
{
    /// <summary>How long without a finished job before the run stops waiting for the rest.</summary>
    private static readonly TimeSpan Stalled = TimeSpan.FromSeconds(20);

    public static async Task<BaselineResult> RunAsync(string database, int jobs)
    {
        var storage = new PostgreSqlStorage(new NpgsqlConnectionFactory(database, new PostgreSqlStorageOptions()), new PostgreSqlStorageOptions
        {
            SchemaName = "hangfire_baseline",
            PrepareSchemaIfNecessary = true,
            EnableLongPolling = true,
            QueuePollInterval = TimeSpan.FromSeconds(15),
        });
        var client = new BackgroundJobClient(storage);
        using var server = new BackgroundJobServer(new BackgroundJobServerOptions { WorkerCount = 20 }, storage);

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

        return new BaselineResult(succeeded, jobs, succeeded / lastProgress.TotalSeconds);
    }
}

internal sealed record BaselineResult(long Succeeded, int Jobs, double JobsPerSecond);

public static class EmptyJob
{
    public static void Run(int message)
    {
        _ = message;
    }
}
