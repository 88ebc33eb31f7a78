using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;

namespace Notifications.Benchmarks;

/// <summary>
/// One message at a time, as an app sending one-time codes does: a single call every interval, each answered long
/// before the next goes out, so that nothing else is in the outbox when a message arrives.
/// </summary>
internal static class OneAtATimePhase
{
    /// <summary>Sends one message to each of <paramref name="numbers"/>, one every <paramref name="interval"/>; returns the accept latencies in ms, sorted.</summary>
    public static async Task<double[]> SendAsync(HttpClient http, string[] numbers, TimeSpan interval)
    {
        var latencies = new double[numbers.Length];
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < numbers.Length; i++)
        {
            var due = interval * i;
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }

            var started = Stopwatch.GetTimestamp();
            using var content = new ByteArrayContent(Encoding.UTF8.GetBytes($$"""{"to":"{{numbers[i]}}","body":"Your code is 123456"}"""))
            {
                Headers = { ContentType = new MediaTypeHeaderValue("application/json") },
            };
            using var response = await http.PostAsync(new Uri("/api/messages", UriKind.Relative), content);
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            response.EnsureSuccessStatusCode();
        }

        Array.Sort(latencies);
        return latencies;
    }
}
