using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Notifications.IntegrationTests.Infrastructure;
using Npgsql;

namespace Notifications.IntegrationTests.Outages;

/// <summary>
/// Status callbacks Twilio posted while no api was alive, or while the api could not reach PostgreSQL, are
/// gone (Twilio does not post them again). The callback gaps make the worker look those messages up within
/// two minutes of the api being back, with <c>Reconciliation:QueuedAfter</c> at its 15-minute default;
/// a healthy run makes no look-ups at all.
/// </summary>
public sealed class CallbackGapTests(CallbackGapProcesses stack) : IClassFixture<CallbackGapProcesses>
{
    private const int Messages = 30;
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task ApiKilledWhileCallbacksArrive_EveryMessageDelivered_WithinTwoMinutesOfRestart()
    {
        await stack.SetCallbackDelaysAsync(TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(2));
        try
        {
            var before = await stack.StatsAsync();
            var ids = await SendAsync();
            await WaitHandedOverAsync(ids);

            await stack.KillApiAsync();
            await WaitAllCallbacksPostedAsync(before);
            var failed = (await stack.StatsAsync()).GetProperty("callbacksFailed").GetInt64() - before.GetProperty("callbacksFailed").GetInt64();
            Assert.True(failed >= Messages, $"callbacks were lost while the api was down ({failed} failed)");

            await stack.RestartApiAsync();
            var restarted = Stopwatch.StartNew();
            await WaitDeliveredAsync(ids, Bound);
            Assert.True(restarted.Elapsed < Bound, $"delivered {restarted.Elapsed} after the restart");
            Assert.True(Lookups(await stack.StatsAsync()) - Lookups(before) >= 1, "the messages were settled by looking them up at Twilio");
        }
        finally
        {
            await stack.SetCallbackDelaysAsync(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(100));
        }
    }

    [Fact]
    public async Task PostgresDownWhileCallbacksArrive_EveryMessageDelivered_WithinTwoMinutesOfRestart()
    {
        await stack.SetCallbackDelaysAsync(TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(2));
        try
        {
            var before = await stack.StatsAsync();
            var ids = await SendAsync();
            await WaitHandedOverAsync(ids);

            await stack.Postgres.StopAsync();
            var stopped = Stopwatch.StartNew();
            await WaitAllCallbacksPostedAsync(before);
            var failed = (await stack.StatsAsync()).GetProperty("callbacksFailed").GetInt64() - before.GetProperty("callbacksFailed").GetInt64();
            Assert.True(failed >= Messages, $"callbacks were refused while PostgreSQL was down ({failed} failed)");
            var rest = TimeSpan.FromSeconds(10) - stopped.Elapsed;
            if (rest > TimeSpan.Zero)
            {
                await Task.Delay(rest);
            }

            Assert.False(stack.Api.HasExited, $"the api exited:{Environment.NewLine}{stack.Api.Output}");
            await stack.Postgres.StartAgainAsync();
            var restarted = Stopwatch.StartNew();
            await WaitDeliveredAsync(ids, Bound);
            Assert.True(restarted.Elapsed < Bound, $"delivered {restarted.Elapsed} after PostgreSQL was back");
            Assert.True(Lookups(await stack.StatsAsync()) - Lookups(before) >= 1, "the messages were settled by looking them up at Twilio");
        }
        finally
        {
            await stack.SetCallbackDelaysAsync(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(100));
        }
    }

    [Fact]
    public async Task HealthyRun_MakesNoLookupsAtTwilio()
    {
        // Gaps another test made are settled first, so that this run counts only its own look-ups.
        await WaitNoOpenGapAsync();
        var before = await stack.StatsAsync();
        var gapRunsBefore = await GapRunsAsync();
        var ids = await SendAsync();
        await WaitDeliveredAsync(ids, TimeSpan.FromMinutes(1));

        // At least one gap reconciliation ran after the messages were delivered (every 30 s).
        await Eventually.UntilAsync(GapRunsAsync, runs => runs >= gapRunsBefore + 2, "two gap reconciliation runs", TimeSpan.FromSeconds(100), TimeSpan.FromSeconds(1));

        var after = await stack.StatsAsync();
        Assert.Equal(before.GetProperty("messageFetches").GetInt64(), after.GetProperty("messageFetches").GetInt64());
        Assert.Equal(before.GetProperty("messageLists").GetInt64(), after.GetProperty("messageLists").GetInt64());
    }

    private static long Lookups(JsonElement stats) => stats.GetProperty("messageFetches").GetInt64() + stats.GetProperty("messageLists").GetInt64();

    private async Task<Guid[]> SendAsync()
    {
        using var api = stack.ApiClient();
        var response = await api.PostAsJsonAsync("/api/messages/batch", new
        {
            messages = Enumerable.Range(0, Messages).Select(_ => new { to = TestNumbers.Delivered(), body = "Callback gap test", overrideOptIn = true }),
        });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results").EnumerateArray().Select(r => r.GetProperty("id").GetGuid()).ToArray();
    }

    /// <summary>Waits until the worker recorded every message's SID (it does not need the api for that).</summary>
    private async Task WaitHandedOverAsync(Guid[] ids) =>
        await Eventually.UntilAsync(() => CountAsync(ids, "provider_sid IS NOT NULL"), count => count == ids.Length,
            "every message handed to Twilio with its SID recorded", TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(100));

    /// <summary>Waits until the simulator posted (and failed) both callbacks of every message.</summary>
    private async Task WaitAllCallbacksPostedAsync(JsonElement before) =>
        await Eventually.UntilAsync(
            async () => (await stack.StatsAsync()).GetProperty("callbacksPosted").GetInt64() - before.GetProperty("callbacksPosted").GetInt64(),
            posted => posted >= 2 * Messages, "both callbacks of every message posted", TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(200));

    private async Task WaitDeliveredAsync(Guid[] ids, TimeSpan patience) =>
        await Eventually.UntilAsync(
            () => CountAsync(ids, "status = 'delivered'"), delivered => delivered == ids.Length, $"all {ids.Length} messages delivered", patience, TimeSpan.FromSeconds(1),
            retryOn: ex => ex is NpgsqlException);

    private async Task WaitNoOpenGapAsync() =>
        await Eventually.UntilAsync(() => ScalarAsync("SELECT count(*) FROM callback_gaps WHERE settled_at IS NULL"), open => open == 0,
            "no open callback gap", TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(1), retryOn: ex => ex is NpgsqlException);

    private Task<long> GapRunsAsync() => ScalarAsync("SELECT count(*) FROM hangfire.job WHERE invocationdata::text LIKE '%RunGapsAsync%' AND statename = 'Succeeded'");

    private Task<long> CountAsync(Guid[] ids, string condition) =>
        ScalarAsync($"SELECT count(*) FROM messages WHERE id = ANY($1) AND {condition}", ids);

    private async Task<long> ScalarAsync(string sql, Guid[]? ids = null)
    {
        await using var db = new NpgsqlConnection(stack.Postgres.ConnectionString);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand(sql, db);
        if (ids is not null)
        {
            command.Parameters.Add(new() { Value = ids });
        }

        return (long)(await command.ExecuteScalarAsync())!;
    }
}
