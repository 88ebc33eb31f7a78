using Npgsql;

namespace Notifications.IntegrationTests.Outages;

/// <summary>
/// PostgreSQL and Redis stopped and started again under load: no process exits, the api answers 503 with
/// Retry-After while the database is away, and every message it accepted is delivered once it is back.
/// </summary>
public sealed class OutageTests(OutageProcesses stack) : IClassFixture<OutageProcesses>
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(12);

    [Fact]
    public async Task PostgresStoppedAndRestarted_UnderLoad_ProcessesSurvive_And503sRetriedUntilEveryAcceptedMessageIsDelivered()
    {
        using var api = stack.ApiClient();
        var load = new LoadSender(api);
        load.Start();
        await Task.Delay(TimeSpan.FromSeconds(3));

        await stack.Postgres.StopAsync();
        await Task.Delay(Outage);
        AssertRunning();
        await stack.Postgres.StartAgainAsync();
        await Task.Delay(TimeSpan.FromSeconds(3));
        await load.StopAsync();

        Assert.Empty(load.Failures);
        Assert.NotEmpty(load.Unavailable);
        Assert.All(load.Unavailable, answer =>
        {
            Assert.Equal("application/problem+json", answer.ContentType);
            Assert.NotNull(answer.RetryAfter);
            Assert.InRange(answer.RetryAfter!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
        });
        await AssertHealthyAsync();
        await AssertAllDeliveredAsync(load.Accepted.ToArray(), reconcile: true);
        AssertRunning();
    }

    [Fact]
    public async Task RedisStoppedAndRestarted_UnderLoad_SendsKeepBeingAccepted_AndEveryMessageIsDelivered()
    {
        using var api = stack.ApiClient();
        var load = new LoadSender(api);
        load.Start();
        await Task.Delay(TimeSpan.FromSeconds(3));

        await stack.Redis.StopAsync();
        var acceptedBefore = load.Accepted.Count;
        await Task.Delay(Outage);
        var acceptedDuring = load.Accepted.Count - acceptedBefore;
        AssertRunning();
        await stack.Redis.StartAsync();
        await Task.Delay(TimeSpan.FromSeconds(3));
        await load.StopAsync();

        Assert.Empty(load.Failures);
        Assert.Empty(load.Unavailable);
        Assert.True(acceptedDuring > 10, $"sends were accepted while Redis was down ({acceptedDuring})");
        await AssertHealthyAsync();
        await AssertAllDeliveredAsync(load.Accepted.ToArray(), reconcile: false);
        AssertRunning();
    }

    private void AssertRunning()
    {
        Assert.False(stack.Api.HasExited, $"the api exited:{Environment.NewLine}{stack.Api.Output}");
        Assert.False(stack.Worker.HasExited, $"the worker exited:{Environment.NewLine}{stack.Worker.Output}");
    }

    private async Task AssertHealthyAsync()
    {
        await stack.Api.WaitHealthyAsync(TimeSpan.FromSeconds(60));
        await stack.Worker.WaitHealthyAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>
    /// Waits until every message is delivered. Status callbacks Twilio posted while the database was down are
    /// lost (Twilio does not post them again): with <paramref name="reconcile"/>, the reconciliation job
    /// settles those messages, as it does in production, run here every few seconds instead of on its schedule.
    /// </summary>
    private async Task AssertAllDeliveredAsync(Guid[] ids, bool reconcile)
    {
        Assert.NotEmpty(ids);
        await using var db = new NpgsqlConnection(stack.Postgres.ConnectionString);
        await db.OpenAsync();
        var lastTrigger = DateTimeOffset.MinValue;
        await Eventually.UntilAsync(
            async () =>
            {
                if (reconcile && DateTimeOffset.UtcNow - lastTrigger > TimeSpan.FromSeconds(10))
                {
                    stack.TriggerReconciliation();
                    lastTrigger = DateTimeOffset.UtcNow;
                }

                await using var command = new NpgsqlCommand("SELECT status, count(*) FROM messages WHERE id = ANY($1) GROUP BY status ORDER BY status", db)
                {
                    Parameters = { new() { Value = ids } },
                };
                var counts = new List<string>();
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    counts.Add($"{reader.GetString(0)}={reader.GetInt64(1)}");
                }

                return string.Join(", ", counts);
            },
            counts => counts == $"delivered={ids.Length}",
            $"all {ids.Length} accepted messages delivered",
            TimeSpan.FromMinutes(4),
            TimeSpan.FromSeconds(1));
    }
}
