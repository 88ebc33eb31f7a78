using Notifications.IntegrationTests.Infrastructure;
using Notifications.Worker.Dispatch;
using Npgsql;

namespace Notifications.IntegrationTests.SendWindows;

/// <summary>
/// The frequency caps' look at a number's counted sends is answered by the partial index that holds only counted
/// sends (so that the messages no cap counts cost that index nothing): PostgreSQL must see that the query implies its predicate.
/// </summary>
[Collection(ServicesDefinition.Name)]
public sealed class CappedSendsPlanTests(ServicesFixture services)
{
    [Fact]
    public async Task CountedSends_AreReadThroughThePartialNumberIndex()
    {
        await using var connection = new NpgsqlConnection(services.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var noScan = new NpgsqlCommand("SET LOCAL enable_seqscan = off", connection, transaction))
        {
            await noScan.ExecuteNonQueryAsync();
        }

        await using var explain = new NpgsqlCommand("EXPLAIN " + ScheduleStore.CountedSendsSql, connection, transaction);
        explain.Parameters.Add(new NpgsqlParameter { Value = new[] { "+15005550006", "+15005550007" } });
        explain.Parameters.Add(new NpgsqlParameter { Value = DateTimeOffset.UtcNow.AddDays(-7) });
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(0));
            }
        }

        var text = string.Join('\n', plan);
        Assert.True(text.Contains("ix_messages_to", StringComparison.Ordinal), text);
    }
}
