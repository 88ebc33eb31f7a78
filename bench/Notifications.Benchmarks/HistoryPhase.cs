using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Npgsql;

namespace Notifications.Benchmarks;

/// <summary>
/// The end-to-end benchmark's last phase, on whatever history the database holds: <c>GET /api/messages/{id}</c>
/// latency over random ids (seeded history and this run's messages), the channel-reliability report over the last
/// 12 months, and the dead tuples and autovacuum runs of the message tables since <see cref="TablesAsync"/> was
/// first taken.
/// </summary>
internal static class HistoryPhase
{
    private static readonly string[] Tables = ["messages", "message_events", "message_attempts"];

    /// <summary>Live and dead tuples and autovacuum runs of the message tables, now.</summary>
    public static async Task<Dictionary<string, TableStats>> TablesAsync(string database)
    {
        await using var db = new NpgsqlConnection(database);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand("""
            SELECT relname, n_live_tup, n_dead_tup, autovacuum_count, autoanalyze_count, pg_total_relation_size(relid) AS bytes
            FROM pg_stat_user_tables WHERE relname = ANY($1)
            """, db) { Parameters = { new() { Value = Tables } } };
        await using var reader = await command.ExecuteReaderAsync();
        var stats = new Dictionary<string, TableStats>(StringComparer.Ordinal);
        while (await reader.ReadAsync())
        {
            stats[reader.GetString(0)] = new TableStats(reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5));
        }

        return stats;
    }

    public static async Task RunAsync(string database, string apiUrl, string apiKey, int history, Guid[] historyIds, DateTimeOffset runStarted, Dictionary<string, TableStats> before)
    {
        using var http = new HttpClient { BaseAddress = new Uri(apiUrl), Timeout = TimeSpan.FromMinutes(2) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);

        var newIds = await NewIdsAsync(database, runStarted, 2_000);
        var random = new Random(7);
        var ids = historyIds.OrderBy(_ => random.Next()).Take(2_000).Concat(newIds).OrderBy(_ => random.Next()).ToArray();
        foreach (var id in ids.Take(100))
        {
            (await http.GetAsync(new Uri($"/api/messages/{id}", UriKind.Relative))).Dispose();
        }

        var latencies = new double[ids.Length];
        for (var i = 0; i < ids.Length; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await http.GetAsync(new Uri($"/api/messages/{ids[i]}", UriKind.Relative));
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            response.EnsureSuccessStatusCode();
        }

        Array.Sort(latencies);
        var to = DateTimeOffset.UtcNow;
        var from = to.AddDays(-365);
        var reports = await ReportTimings.MeasureAsync(http, from, to, 20);

        var after = await TablesAsync(database);
        var tables = new StringBuilder();
        foreach (var table in Tables)
        {
            var (b, a) = (before.GetValueOrDefault(table), after.GetValueOrDefault(table));
            tables.Append(string.Create(CultureInfo.InvariantCulture,
                $"\n      {table,-17} live {b?.Live ?? 0,12:N0} → {a?.Live ?? 0,12:N0}, dead {b?.Dead ?? 0,10:N0} → {a?.Dead ?? 0,10:N0}, autovacuum runs {(a?.Autovacuums ?? 0) - (b?.Autovacuums ?? 0)}, autoanalyze runs {(a?.Autoanalyzes ?? 0) - (b?.Autoanalyzes ?? 0)}, size {(a?.Bytes ?? 0) / 1_048_576.0:N0} MB"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""

            History phase ({history:N0} seeded messages):
              GET /api/messages/{"{id}"} over {ids.Length:N0} random ids ({Math.Min(historyIds.Length, 2_000):N0} historical, {newIds.Length:N0} from this run), one at a time:
                p50 {P(latencies, 0.50):N2} ms, p95 {P(latencies, 0.95):N2} ms, p99 {P(latencies, 0.99):N2} ms, max {latencies[^1]:N1} ms (target p99 < 5 ms)
              channel-reliability report over the last 365 days (target < 300 ms):{reports}
              message tables from the start of the run to now:{tables}
            """));
    }

    private static async Task<Guid[]> NewIdsAsync(string database, DateTimeOffset since, int count)
    {
        await using var db = new NpgsqlConnection(database);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT id FROM messages WHERE app_id = 'bench' AND created_at >= $1 ORDER BY random() LIMIT $2", db)
        { Parameters = { new() { Value = since }, new() { Value = count } } };
        await using var reader = await command.ExecuteReaderAsync();
        var ids = new List<Guid>();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetGuid(0));
        }

        return [.. ids];
    }

    private static double P(double[] sorted, double q) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];

    internal sealed record TableStats(long Live, long Dead, long Autovacuums, long Autoanalyzes, long Bytes);
}
