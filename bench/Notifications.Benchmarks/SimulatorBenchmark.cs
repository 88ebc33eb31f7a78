using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Notifications.Benchmarks;

/// <summary>
/// Message creates per second the simulator sustains on its own, with status callbacks on: many
/// concurrent form posts, then waiting until every message's final callback reached a sink.
/// </summary>
internal static class SimulatorBenchmark
{
    private const string AccountSid = "AC00000000000000000000000000000000";
    private const string AuthToken = "bench-token";

    public static async Task<int> RunAsync(string[] args)
    {
        var messages = BenchmarkHost.IntOption(args, "--messages", 100_000);
        var concurrency = BenchmarkHost.IntOption(args, "--concurrency", 64);

        await using var sink = await CallbackSink.StartAsync();
        var port = LoopbackPorts.Free();
        await using var simulator = BenchmarkHost.StartProject("Notifications.Simulator", port, new Dictionary<string, string>
        {
            ["Simulator__Twilio__AccountSid"] = AccountSid,
            ["Simulator__Twilio__AuthToken"] = AuthToken,
            ["Simulator__Twilio__SentDelay"] = "00:00:00.100",
            ["Simulator__Twilio__FinalDelay"] = "00:00:00.200",
        });
        var baseUrl = new Uri($"http://127.0.0.1:{port}");
        try
        {
            await simulator.WaitHealthyAsync();
            using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { BaseAddress = baseUrl };
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic",
                Convert.ToBase64String(Encoding.ASCII.GetBytes($"{AccountSid}:{AuthToken}")));
            var path = new Uri($"/2010-04-01/Accounts/{AccountSid}/Messages.json", UriKind.Relative);
            var callbackUrl = sink.Url.ToString();

            // Warm-up: JIT, connection pool.
            await SendAsync(client, path, callbackUrl, 2_000, concurrency, offset: 9_000_000);
            await sink.WaitForAsync(2_000 * 2, TimeSpan.FromSeconds(60));
            sink.Reset();

            var cpuBefore = simulator.Process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            var failures = await SendAsync(client, path, callbackUrl, messages, concurrency, offset: 0);
            var createSeconds = clock.Elapsed.TotalSeconds;
            var delivered = await sink.WaitForAsync((messages - failures) * 2, TimeSpan.FromMinutes(5));
            var totalSeconds = clock.Elapsed.TotalSeconds;
            simulator.Process.Refresh();
            var cpu = (simulator.Process.TotalProcessorTime - cpuBefore).TotalSeconds;

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
                Simulator benchmark ({Environment.ProcessorCount} cores), {messages:N0} creates, {concurrency} concurrent clients, callbacks on
                  creates accepted:            {messages - failures:N0} ({failures:N0} failed)
                  create throughput:           {messages / createSeconds:N0} creates/s over {createSeconds:N1} s
                  callbacks received:          {delivered:N0} (sent + delivered for every message) after {totalSeconds:N1} s
                  end-to-end (create+callbacks): {messages / totalSeconds:N0} messages/s
                  simulator CPU:               {cpu:N1} s ({cpu / messages * 1000:N3} s per 1,000 messages)
                """));
            return failures == 0 ? 0 : 1;
        }
        finally
        {
            simulator.Process.Kill(entireProcessTree: true);
        }
    }

    private static async Task<int> SendAsync(HttpClient client, Uri path, string callbackUrl, int count, int concurrency, int offset)
    {
        var encodedCallbackUrl = Uri.EscapeDataString(callbackUrl);
        var next = -1;
        var failures = 0;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var n = offset + i;
                // Pre-encoded form (the load generator shares the machine: keep it cheap).
                using var content = new StringContent(
                    $"To=%2B1{201 + (n % 700)}{600 + (n / 700 % 300)}{n % 10_000:D4}&From=%2B15005550006&Body=Your+verification+code+is+123456{(Environment.GetEnvironmentVariable("BENCH_NO_CALLBACKS") is null ? "&StatusCallback=" + encodedCallbackUrl : "")}",
                    Encoding.ASCII, "application/x-www-form-urlencoded");
                using var response = await client.PostAsync(path, content);
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }));
        return failures;
    }
}
