using System.Diagnostics;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;

namespace Notifications.Benchmarks;

/// <summary>What a user would otherwise build: one Hangfire job per message (empty), on Hangfire.PostgreSql.</summary>
internal static class HangfireBaseline
{
    public static async Task<double> RunAsync(string database, int jobs)
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

        var monitoring = storage.GetMonitoringApi();
        while (monitoring.SucceededListCount() < jobs && clock.Elapsed < TimeSpan.FromMinutes(10))
        {
            await Task.Delay(100);
        }

        return jobs / clock.Elapsed.TotalSeconds;
    }
}

public static class EmptyJob
{
    public static void Run(int message)
    {
        _ = message;
    }
}
