using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Notifications.IntegrationTests.Infrastructure;
using Npgsql;

namespace Notifications.IntegrationTests.Dispatch;

/// <summary>
/// A direct batch that breaks loses nothing and sends nothing twice: killed with its worker, it is recovered by the
/// recovery sweep; failed (PostgreSQL gone while its create was answered), or stopped with its worker, it becomes a
/// Hangfire job that re-runs it. Each test sends a lone message (so it goes direct) whose create the simulator holds
/// after creating the message, as a slow answer from Twilio, and breaks the batch while the create waits for it: the
/// message exists at Twilio and only a lookup can find its SID, since its first callback is held back longer than
/// the recovery takes (<see cref="DirectBatchFaultProcesses.HeldCallbacks"/>). The crash test waits for that callback to see
/// the message delivered; the others end once the lookup has recorded the SID.
/// </summary>
public sealed class DirectBatchCrashTests(DirectBatchFaultProcesses stack) : IClassFixture<DirectBatchFaultProcesses>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task WorkerKilledDuringDirectBatch_CreateInFlight_RecoverySweepResolvesIt_OneCreate()
    {
        try
        {
            var (to, id, batchId) = await SendHeldAsync(TimeSpan.FromSeconds(30));

            await stack.KillWorkerAsync();
            await stack.ResetCreateTimingAsync();
            await stack.StartWorkerAsync();

            // The new worker's sweep finds the claim stale (Dispatch:ClaimTimeout) and looks the hand-over up at Twilio.
            var message = await WaitForMessageAsync(id, m => m.Status == "delivered" && m.Events.Contains("resolved"), "the message resolved by a lookup, then delivered");
            var created = Assert.Single(await stack.CreatesAsync(to));
            Assert.Equal(created.GetProperty("sid").GetString(), message.Sid);
            Assert.Equal(0, await ScalarAsync($"SELECT count(*) FROM hangfire.job WHERE arguments::text LIKE '%{batchId}%'"));
        }
        finally
        {
            await stack.RestoreAsync();
        }
    }

    [Fact]
    public async Task DirectBatchFails_PostgresGoneWhenTheAnswerComes_HandedToHangfire_OneCreate()
    {
        try
        {
            var (to, id, batchId) = await SendHeldAsync(TimeSpan.FromSeconds(3));

            // The answer comes while PostgreSQL is away: recording the SID throws, and so does the first enqueue.
            await stack.Postgres.StopAsync();
            await Eventually.UntilAsync(
                () => stack.WorkerLines.Any(line => line.Contains($"Direct batch {batchId} stopped before it finished", StringComparison.Ordinal)),
                "the direct batch to fail", Patience);
            await stack.Postgres.StartAgainAsync();
            await stack.ResetCreateTimingAsync();

            await Eventually.UntilAsync(
                () => ScalarAsync(SucceededJob(batchId)), n => n == 1, "the batch run to its end as a Hangfire job", Patience, TimeSpan.FromMilliseconds(250),
                retryOn: ex => ex is NpgsqlException);
            var message = await WaitForMessageAsync(id, m => m.Sid is not null && m.Events.Contains("resolved"), "the message's SID recorded by a lookup");
            var created = Assert.Single(await stack.CreatesAsync(to));
            Assert.Equal(created.GetProperty("sid").GetString(), message.Sid);
            Assert.DoesNotContain(stack.WorkerLines, line => line.Contains($"Direct batch {batchId} could not be handed to Hangfire", StringComparison.Ordinal));
        }
        finally
        {
            await stack.RestoreAsync();
        }
    }

    [Fact]
    public async Task WorkerStoppedDuringDirectBatch_BatchEnqueuedOnShutdown_NextWorkerCompletesIt_OneCreate()
    {
        try
        {
            var (to, id, batchId) = await SendHeldAsync(TimeSpan.FromSeconds(30));

            await stack.TerminateWorkerAsync(TimeSpan.FromSeconds(40));
            Assert.Equal(1, await ScalarAsync($"{SendBatchJobs(batchId)} AND statename = 'Enqueued'"));
            await stack.ResetCreateTimingAsync();
            var linesBefore = stack.WorkerLines.Count;
            await stack.StartWorkerAsync();

            await Eventually.UntilAsync(
                () => ScalarAsync(SucceededJob(batchId)), n => n == 1, "the batch run to its end by the next worker", Patience, TimeSpan.FromMilliseconds(250));
            Assert.Contains(stack.WorkerLines.Skip(linesBefore), line => line.Contains($"Batch {batchId}: 1 messages", StringComparison.Ordinal));
            var message = await WaitForMessageAsync(id, m => m.Sid is not null && m.Events.Contains("resolved"), "the message's SID recorded by a lookup");
            var created = Assert.Single(await stack.CreatesAsync(to));
            Assert.Equal(created.GetProperty("sid").GetString(), message.Sid);
        }
        finally
        {
            await stack.RestoreAsync();
        }
    }

    private static string SendBatchJobs(Guid batchId) =>
        $"SELECT count(*) FROM hangfire.job WHERE invocationdata::text LIKE '%SendBatchJob%' AND arguments::text LIKE '%{batchId}%'";

    private static string SucceededJob(Guid batchId) => $"{SendBatchJobs(batchId)} AND statename = 'Succeeded'";

    /// <summary>
    /// Sends a lone message whose create the simulator holds for <paramref name="answerDelay"/> once it has created the message;
    /// returns when its direct batch waits for that answer.
    /// </summary>
    private async Task<(string To, Guid Id, Guid BatchId)> SendHeldAsync(TimeSpan answerDelay)
    {
        var to = TestNumbers.Delivered();
        await stack.ConsentAsync(to);
        await stack.SetCreateTimingAsync(answerDelay, DirectBatchFaultProcesses.HeldCallbacks);

        using var api = stack.ApiClient();
        var response = await api.PostAsJsonAsync("/api/messages", new { to, body = "Your code is 5310" });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var batchId = await Eventually.UntilAsync(
            () => BatchOfAsync(id), batch => batch is not null, "the message claimed", Patience, TimeSpan.FromMilliseconds(50));
        await Eventually.UntilAsync(
            () => stack.WorkerLines.Any(line => line.Contains($"Claimed batch {batchId} of 1 messages, sending it directly", StringComparison.Ordinal)),
            "the worker to send the batch directly", Patience);
        await Eventually.UntilAsync(
            async () => (await stack.CreatesAsync(to)).Count == 1, "the message created at the simulator, its answer held", Patience, TimeSpan.FromMilliseconds(50));
        return (to, id, batchId!.Value);
    }

    private async Task<Guid?> BatchOfAsync(Guid id)
    {
        await using var db = new NpgsqlConnection(stack.Postgres.ConnectionString);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT batch_id FROM messages WHERE id = $1", db) { Parameters = { new() { Value = id } } };
        return await command.ExecuteScalarAsync() is Guid batch ? batch : null;
    }

    private async Task<MessageState> WaitForMessageAsync(Guid id, Func<MessageState, bool> done, string description) =>
        await Eventually.UntilAsync(() => MessageAsync(id), done, description, Patience, TimeSpan.FromMilliseconds(250), retryOn: ex => ex is NpgsqlException);

    private async Task<MessageState> MessageAsync(Guid id)
    {
        await using var db = new NpgsqlConnection(stack.Postgres.ConnectionString);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT m.status, m.provider_sid, coalesce(array_agg(e.type ORDER BY e.at, e.id) FILTER (WHERE e.id IS NOT NULL), '{}')
            FROM messages m LEFT JOIN message_events e ON e.message_id = m.id WHERE m.id = $1 GROUP BY m.id
            """, db)
        {
            Parameters = { new() { Value = id } },
        };
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new MessageState(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetFieldValue<string[]>(2));
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var db = new NpgsqlConnection(stack.Postgres.ConnectionString);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand(sql, db);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>A message's status, SID and the types of its timeline's events, oldest first.</summary>
    private sealed record MessageState(string Status, string? Sid, string[] Events)
    {
        public override string ToString() => $"{Status}, SID {Sid ?? "none"}, events {string.Join(", ", Events)}";
    }
}
