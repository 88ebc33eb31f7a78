using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Notifications.Benchmarks;

/// <summary>
/// Times the channel-reliability report through the API for every <c>groupBy</c>: one call each to warm up, then
/// <c>runs</c> rounds, each round calling every grouping once (so that a busy moment of the shared machine falls on
/// all groupings alike). Returns a line per grouping: first call, p50, p99 and max.
/// </summary>
internal static class ReportTimings
{
    public static readonly string[] GroupBys = ["day", "country", "sender", "errorCode"];

    public static async Task<string> MeasureAsync(HttpClient http, DateTimeOffset from, DateTimeOffset to, int runs)
    {
        var urls = GroupBys.ToDictionary(g => g, g => new Uri(string.Create(CultureInfo.InvariantCulture,
            $"/api/reports/channel-reliability?from={from:yyyy-MM-ddTHH:mm:ss}Z&to={to:yyyy-MM-ddTHH:mm:ss}Z&groupBy={g}"), UriKind.Relative));
        var first = new Dictionary<string, double>();
        var timings = GroupBys.ToDictionary(g => g, _ => new List<double>());
        for (var round = -1; round < runs; round++)
        {
            foreach (var groupBy in GroupBys)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await http.GetAsync(urls[groupBy]);
                var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                response.EnsureSuccessStatusCode();
                if (round < 0)
                {
                    first[groupBy] = elapsed;
                }
                else
                {
                    timings[groupBy].Add(elapsed);
                }
            }
        }

        var lines = new StringBuilder();
        foreach (var groupBy in GroupBys)
        {
            var sorted = timings[groupBy].Order().ToArray();
            lines.Append(string.Create(CultureInfo.InvariantCulture,
                $"\n      groupBy={groupBy,-10} first {first[groupBy],7:N0} ms, then over {sorted.Length} calls p50 {P(sorted, 0.5),7:N1} ms, p99 {P(sorted, 0.99),7:N1} ms, max {sorted[^1],7:N1} ms"));
        }

        return lines.ToString();
    }

    private static double P(double[] sorted, double q) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
}
