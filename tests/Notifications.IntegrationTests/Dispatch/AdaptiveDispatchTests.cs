using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Notifications.IntegrationTests.Infrastructure;
using Npgsql;

namespace Notifications.IntegrationTests.Dispatch;

/// <summary>
/// The dispatcher adapts to the arrival rate: a message accepted alone is claimed at once and sent in the
/// dispatcher's own process (no linger, no Hangfire job); messages arriving while that direct batch runs form the next
/// direct batch; a burst still waits out the linger and forms large batches, each a Hangfire job.
/// </summary>
[Collection(AdaptiveDispatchDefinition.Name)]
public sealed partial class AdaptiveDispatchTests(AdaptiveDispatchProcesses stack) : IClassFixture<AdaptiveDispatchProcesses>
{
    private const string SendBatchJobs = "SELECT count(*) FROM hangfire.job WHERE invocationdata::text LIKE '%SendBatchJob%'";

    [Fact]
    public async Task LoneMessage_DirectBatchSizeDefault_HandedOverWithoutLingerOrJob()
    {
        var numbers = Enumerable.Range(0, 5).Select(_ => TestNumbers.Delivered()).ToArray();
        await stack.ConsentAsync(numbers);
        await QuietSpellAsync();
        var jobsBefore = await ScalarAsync(SendBatchJobs);
        var linesBefore = stack.WorkerLines.Count;
        using var api = stack.ApiClient();
        foreach (var to in numbers)
        {
            var response = await api.PostAsJsonAsync("/api/messages", new { to, body = "Your code is 8642" });
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

            // Accepted (the api's clock) to the start of the create call (the worker's): one machine, one clock.
            var waited = await Eventually.UntilAsync(
                () => HandOverDelayAsync(id), delay => delay is not null, "the message handed to Twilio", TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(20));
            if (waited >= AdaptiveDispatchProcesses.Linger / 2)
            {
                Assert.Fail(
                    $"the hand-over came {waited!.Value.TotalMilliseconds:N0} ms after the accept; a lone message must not wait for the " +
                    $"{AdaptiveDispatchProcesses.Linger.TotalMilliseconds:N0} ms linger.{Environment.NewLine}Its events: {await TimelineAsync(id)}" +
                    $"{Environment.NewLine}The worker's claims since the test began:{Environment.NewLine}" +
                    ClaimLines(linesBefore));
            }

            // The next one arrives alone too: once this one's SID is recorded and its direct batch has ended (one every
            // 200 ms, as the benchmark's one-at-a-time phase). One arriving while a direct batch still runs would join
            // the next direct batch (the steady-stream test below).
            await SidRecordedAsync(id);
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }

        Assert.Equal(jobsBefore, await ScalarAsync(SendBatchJobs));
    }

    [Fact]
    public async Task SteadyStream_ArrivingWhileADirectBatchRuns_JoinsTheNextDirectBatch()
    {
        // Twilio answers each create after 300 ms, so every direct batch runs at least that long, and a message every
        // 100 ms arrives while one runs: a rate direct batches carry (a few messages each), not a burst.
        var answerDelay = TimeSpan.FromMilliseconds(300);
        var numbers = Enumerable.Range(0, 12).Select(_ => TestNumbers.Delivered()).ToArray();
        var first = TestNumbers.Delivered();
        await stack.ConsentAsync([.. numbers, first]);

        // A worker's first batch compiles and connects (on a fresh worker its creates took 450–490 ms against the 300 ms
        // hold, and the batch a second): one message goes first, so that the stream measures the rule, not the start-up.
        using (var warmUp = stack.ApiClient())
        {
            var response = await warmUp.PostAsJsonAsync("/api/messages", new { to = first, body = "Your code is 2468" });
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            await SidRecordedAsync(id);
        }

        await QuietSpellAsync();
        var jobsBefore = await ScalarAsync(SendBatchJobs);
        var linesBefore = stack.WorkerLines.Count;
        await stack.SetCreateTimingAsync(answerDelay, TimeSpan.FromSeconds(1));
        try
        {
            using var api = stack.ApiClient();
            // On a fixed schedule: a slow accept does not space the next one out.
            var ids = new List<Guid>();
            var started = System.Diagnostics.Stopwatch.StartNew();
            for (var i = 0; i < numbers.Length; i++)
            {
                var due = TimeSpan.FromMilliseconds(100 * i) - started.Elapsed;
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due);
                }

                var response = await api.PostAsJsonAsync("/api/messages", new { to = numbers[i], body = "Your code is 1357" });
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                ids.Add((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
            }

            var delays = new List<TimeSpan>();
            foreach (var id in ids)
            {
                delays.Add((await Eventually.UntilAsync(
                    () => HandOverDelayAsync(id), delay => delay is not null, "the message handed to Twilio", TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(20)))!.Value);
            }

            var claims = ClaimLines(linesBefore);
            var batches = ClaimedBatches(linesBefore);
            Assert.True(batches.Count < numbers.Length, $"every message was claimed alone, so none arrived while a direct batch ran:{Environment.NewLine}{claims}");
            var throughHangfire = stack.WorkerLines.Skip(linesBefore).Count(line => IsClaim(line) && !line.Contains("directly", StringComparison.Ordinal));
            Assert.True(
                throughHangfire == 0 && await ScalarAsync(SendBatchJobs) == jobsBefore,
                $"{throughHangfire} batches of messages arriving while a direct batch ran went to Hangfire:{Environment.NewLine}{claims}");
            Assert.True(
                delays.Max() < AdaptiveDispatchProcesses.Linger / 2,
                $"accept to hand-over took up to {delays.Max().TotalMilliseconds:N0} ms ({string.Join(", ", delays.Select(d => d.TotalMilliseconds.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)))}); " +
                $"a message joining the next direct batch must not wait for the {AdaptiveDispatchProcesses.Linger.TotalMilliseconds:N0} ms linger:{Environment.NewLine}{claims}");
        }
        finally
        {
            await stack.ResetCreateTimingAsync();
        }
    }

    [Fact]
    public async Task DirectBatchOutlastingTheLinger_NextClaimGoesToHangfire_WithoutASecondLinger()
    {
        // Twilio answers each create after 3 s, longer than the 2 s linger: B, accepted while A's direct batch runs, waits a
        // linger for it, then goes to Hangfire; C, accepted soon after, must not linger once more on top of that wait: it is
        // claimed when A's batch ends, as a direct batch.
        var (a, b, c) = (TestNumbers.Delivered(), TestNumbers.Delivered(), TestNumbers.Delivered());
        await stack.ConsentAsync(a, b, c);
        await QuietSpellAsync();
        var jobsBefore = await ScalarAsync(SendBatchJobs);
        var linesBefore = stack.WorkerLines.Count;
        await stack.SetCreateTimingAsync(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(4));
        try
        {
            using var api = stack.ApiClient();
            var started = System.Diagnostics.Stopwatch.StartNew();
            var ids = new Dictionary<string, Guid>();
            foreach (var (name, to, at) in new[] { ("A", a, 0), ("B", b, 200), ("C", c, 2_600) })
            {
                var due = TimeSpan.FromMilliseconds(at) - started.Elapsed;
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due);
                }

                var response = await api.PostAsJsonAsync("/api/messages", new { to, body = "Your code is 9753" });
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                ids[name] = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            }

            var waitedC = (await Eventually.UntilAsync(
                () => HandOverDelayAsync(ids["C"]), delay => delay is not null, "C handed to Twilio", TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(20)))!.Value;
            var claims = ClaimLines(linesBefore);
            Assert.True(await ScalarAsync(SendBatchJobs) > jobsBefore, $"B, claimed while A's direct batch still ran after a linger, is a Hangfire job:{Environment.NewLine}{claims}");
            Assert.True(
                waitedC < AdaptiveDispatchProcesses.Linger * 0.75,
                $"C was handed over {waitedC.TotalMilliseconds:N0} ms after its accept: it waited for A's batch and then lingered once more " +
                $"(A's batch ends about 500 ms after C's accept; a second linger is {AdaptiveDispatchProcesses.Linger.TotalMilliseconds:N0} ms):{Environment.NewLine}{claims}");
        }
        finally
        {
            await stack.ResetCreateTimingAsync();
        }
    }

    [Fact]
    public async Task Burst_LingersAndFormsLargeHangfireBatches()
    {
        const int Total = 2_000;
        var numbers = Enumerable.Range(0, Total).Select(_ => TestNumbers.Delivered()).ToArray();
        await stack.ConsentAsync(numbers);
        var jobsBefore = await ScalarAsync(SendBatchJobs);
        var linesBefore = stack.WorkerLines.Count;
        var since = DateTimeOffset.UtcNow;

        using var api = stack.ApiClient();
        await Parallel.ForEachAsync(numbers.Chunk(100), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (chunk, cancellationToken) =>
        {
            var response = await api.PostAsJsonAsync("/api/messages/batch", new { messages = chunk.Select(to => new { to, body = "Burst" }) }, cancellationToken);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        });

        var batches = await Eventually.UntilAsync(
            () => Task.FromResult(ClaimedBatches(linesBefore)), claims => claims.Sum() >= Total, $"{Total} messages claimed", TimeSpan.FromSeconds(120));
        Assert.True(batches.Count <= Total / 100, $"{Total} messages took {batches.Count} batches ({string.Join(", ", batches)}); a burst must share large batches");
        Assert.True(batches.Max() >= 250, $"the largest batch of the burst held {batches.Max()} messages ({string.Join(", ", batches)})");
        Assert.True(await ScalarAsync(SendBatchJobs) > jobsBefore, "the burst's large batches are Hangfire jobs");

        await Eventually.UntilAsync(
            () => ScalarAsync($"SELECT count(*) FROM messages WHERE provider_sid IS NOT NULL AND created_at >= '{since:O}'::timestamptz"),
            handed => handed >= Total, "the burst handed to Twilio", TimeSpan.FromSeconds(180), TimeSpan.FromMilliseconds(500));
    }

    /// <summary>
    /// Waits until a message comes alone: nothing left to hand over, then longer than a linger without a claim (a
    /// notification within a linger of a busy round, as after another test's burst, still lingers).
    /// </summary>
    private async Task QuietSpellAsync()
    {
        await Eventually.UntilAsync(
            () => ScalarAsync("SELECT count(*) FROM messages WHERE status IN ('accepted', 'queued', 'sending') AND provider_sid IS NULL"), n => n == 0,
            "every earlier message handed over", TimeSpan.FromSeconds(120), TimeSpan.FromMilliseconds(100));
        await Task.Delay(AdaptiveDispatchProcesses.Linger + TimeSpan.FromMilliseconds(500));
    }

    /// <summary>Waits until Twilio's SID for message <paramref name="id"/> is recorded: its direct batch has handed it over.</summary>
    private Task<long> SidRecordedAsync(Guid id) => Eventually.UntilAsync(
        () => ScalarAsync($"SELECT count(*) FROM messages WHERE id = '{id}' AND provider_sid IS NOT NULL"), n => n == 1, "the SID recorded",
        TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(20));

    /// <summary>The worker's claim lines since its line <paramref name="skip"/>, for a failure's message.</summary>
    private string ClaimLines(int skip) => string.Join(Environment.NewLine, stack.WorkerLines.Skip(skip).Where(IsClaim));

    private static bool IsClaim(string line) => line.Contains("Claimed batch", StringComparison.Ordinal);

    /// <summary>The sizes of the batches the worker claimed since its line <paramref name="skip"/>.</summary>
    private List<int> ClaimedBatches(int skip) => stack.WorkerLines.Skip(skip)
        .Select(line => ClaimedLine().Match(line)).Where(m => m.Success).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();

    private async Task<TimeSpan?> HandOverDelayAsync(Guid id)
    {
        await using var db = new NpgsqlConnection(stack.Postgres.ConnectionString);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT a.started_at - m.created_at FROM messages m JOIN message_attempts a ON a.message_id = m.id AND a.number = 1 WHERE m.id = $1", db)
        {
            Parameters = { new() { Value = id } },
        };
        return await command.ExecuteScalarAsync() is TimeSpan delay ? delay : null;
    }

    /// <summary>The message's events, in milliseconds after its accept, for a failure's message.</summary>
    private async Task<string> TimelineAsync(Guid id)
    {
        await using var db = new NpgsqlConnection(stack.Postgres.ConnectionString);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT string_agg(format('%s %s at %s ms', e.type, e.status, round(extract(epoch FROM e.at - m.created_at) * 1000)), '; ' ORDER BY e.at, e.id)
            FROM messages m JOIN message_events e ON e.message_id = m.id WHERE m.id = $1
            """, db)
        {
            Parameters = { new() { Value = id } },
        };
        return (await command.ExecuteScalarAsync()) as string ?? "none";
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var db = new NpgsqlConnection(stack.Postgres.ConnectionString);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand(sql, db);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [GeneratedRegex(@"Claimed batch [0-9a-f-]{36} of (\d+) messages")]
    private static partial Regex ClaimedLine();
}
