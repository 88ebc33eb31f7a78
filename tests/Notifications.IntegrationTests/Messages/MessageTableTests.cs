using Microsoft.EntityFrameworkCore;
using Notifications.Core.Messages;
using Notifications.IntegrationTests.Infrastructure;
using Npgsql;

namespace Notifications.IntegrationTests.Messages;

/// <summary>The messages table's layout that keeps status changes cheap.</summary>
[Collection(ServicesDefinition.Name)]
public sealed class MessageTableTests(ServicesFixture services)
{
    [Fact]
    public async Task StatusChanges_AreHeapOnlyUpdates_AddingNoIndexEntries()
    {
        var message = await services.InsertAsync(TestMessages.HandedOver("heap-only", DateTimeOffset.UtcNow));
        await using var connection = new NpgsqlConnection(services.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();

        // What the status callbacks write: sent, then delivered (the transaction's own statistics count the updates).
        foreach (var (status, column) in new[] { (MessageStatus.Sent, "sent_at"), (MessageStatus.Delivered, "final_at") })
        {
            await using var update = new NpgsqlCommand(
                $"UPDATE messages SET status = $2, {column} = now(), updated_at = now(), error_code = NULL WHERE id = $1", connection, transaction)
            {
                Parameters = { new() { Value = message.Id }, new() { Value = status } },
            };
            Assert.Equal(1, await update.ExecuteNonQueryAsync());
        }

        await using var counts = new NpgsqlCommand("""
            SELECT pg_stat_get_xact_tuples_updated('messages'::regclass), pg_stat_get_xact_tuples_hot_updated('messages'::regclass)
            """, connection, transaction);
        await using var reader = await counts.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal((2L, 2L), (reader.GetInt64(0), reader.GetInt64(1)));
    }

    [Fact]
    public async Task AQueuedMessageWithoutAClaim_IsRefused()
    {
        var message = TestMessages.HandedOver("unclaimed", DateTimeOffset.UtcNow);
        message.ClaimedAt = null;

        var error = await Assert.ThrowsAsync<DbUpdateException>(() => services.InsertAsync(message));
        Assert.Equal(PostgresErrorCodes.CheckViolation, Assert.IsType<PostgresException>(error.InnerException).SqlState);
    }
}
