using Npgsql;

namespace Notifications.IntegrationTests.Storms;

/// <summary>A storm that outlasts the retry budget: the messages end failed with <c>retries_exhausted</c>, and fall back.</summary>
[Collection(StormsDefinition.Name)]
public sealed class RetryBudgetTests(ShortBudgetProcesses stack) : IClassFixture<ShortBudgetProcesses>
{
    [Fact]
    public async Task Storm_LongerThanTheRetryBudget_MessagesFailWithRetriesExhausted()
    {
        await stack.SetTwilioBehaviourAsync(new { tooManyRequestsRate = 1.0 });
        List<Guid> ids;
        try
        {
            ids = await stack.AcceptAsync(10, fallbackEmail: "storm@example.com");
            await Eventually.UntilAsync(
                () => stack.StatusCountsAsync(ids),
                counts => counts == $"failed={ids.Count}",
                $"all {ids.Count} messages failed once their budget of {ShortBudgetProcesses.Budget} was spent",
                TimeSpan.FromMinutes(2),
                TimeSpan.FromSeconds(1));
        }
        finally
        {
            await stack.SetTwilioBehaviourAsync(new { tooManyRequestsRate = 0.0 });
        }

        await using var db = new NpgsqlConnection(stack.Postgres.ConnectionString);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT fallback_reason, min(final_at - created_at) AS shortest, count(*) FROM messages WHERE id = ANY($1) GROUP BY fallback_reason", db)
        {
            Parameters = { new() { Value = ids.ToArray() } },
        };
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal("retries_exhausted", reader.GetString(0));
        // None gave up before its budget was spent.
        Assert.True(reader.GetTimeSpan(1) >= ShortBudgetProcesses.Budget, $"a message failed after {reader.GetTimeSpan(1)}");
        Assert.Equal(ids.Count, reader.GetInt64(2));
        Assert.False(await reader.ReadAsync());
    }
}
