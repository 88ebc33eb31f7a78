using System.Net;
using Microsoft.EntityFrameworkCore;
using Notifications.Core.Messages;
using Notifications.IntegrationTests.Infrastructure;
using Npgsql;

namespace Notifications.IntegrationTests.Messages;

/// <summary>The messages table's layout that keeps status changes cheap.</summary>
[Collection(ServicesDefinition.Name)]
public sealed class MessageTableTests(ServicesFixture services) : IAsyncLifetime
{
    /// <summary>HEAP_ONLY_TUPLE in a tuple header's t_infomask2: the version no index points to, left by a HOT update.</summary>
    private const int HeapOnlyTuple = 0x8000;

    private readonly ApiFactory _api = new(services);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task StatusCallbacks_AreHeapOnlyUpdates_AddingNoIndexEntries()
    {
        var message = await services.InsertAsync(TestMessages.HandedOver("heap-only", DateTimeOffset.UtcNow));
        await using var connection = new NpgsqlConnection(services.DatabaseConnectionString);
        await connection.OpenAsync();
        await using (var extension = new NpgsqlCommand("CREATE EXTENSION IF NOT EXISTS pageinspect", connection))
        {
            await extension.ExecuteNonQueryAsync();
        }

        // Each callback goes through the webhook and the code that applies it; after each, the row's
        // current version must be a heap-only tuple: a HOT update, with no new entry in any index.
        var (location, _) = await RowVersionAsync(connection, message.Id);
        foreach (var status in new[] { MessageStatus.Sent, MessageStatus.Delivered })
        {
            Assert.Equal(HttpStatusCode.OK, (await PostCallbackAsync(message, status)).StatusCode);

            var (newLocation, heapOnly) = await RowVersionAsync(connection, message.Id);
            Assert.NotEqual(location, newLocation);
            Assert.True(heapOnly, $"the \"{status}\" callback's update of the row ({location} → {newLocation}) was not heap-only");
            location = newLocation;
        }

        await using var db = services.CreateDbContext();
        Assert.Equal(MessageStatus.Delivered, (await db.Messages.SingleAsync(m => m.Id == message.Id)).Status);
    }

    [Fact]
    public async Task AQueuedMessageWithoutAClaim_IsRefused()
    {
        var message = TestMessages.HandedOver("unclaimed", DateTimeOffset.UtcNow);
        message.ClaimedAt = null;

        var error = await Assert.ThrowsAsync<DbUpdateException>(() => services.InsertAsync(message));
        Assert.Equal(PostgresErrorCodes.CheckViolation, Assert.IsType<PostgresException>(error.InnerException).SqlState);
    }

    private async Task<HttpResponseMessage> PostCallbackAsync(Message message, string status)
    {
        var form = new Dictionary<string, string> { ["MessageSid"] = message.ProviderSid!, ["MessageStatus"] = status, ["To"] = message.To, ["From"] = message.Sender! };
        var query = $"?messageId={message.Id}";
        return await _api.PostSignedAsync("/api/webhooks/twilio/status" + query, form,
            signature: TwilioSigner.Sign(ApiFactory.AuthToken, ApiFactory.StatusCallbackUrl + query, form));
    }

    /// <summary>Where the row's current version is, and whether it is a heap-only tuple (read with pageinspect).</summary>
    private static async Task<(string Location, bool HeapOnly)> RowVersionAsync(NpgsqlConnection connection, Guid id)
    {
        await using var command = new NpgsqlCommand("""
            SELECT m.ctid::text, (h.t_infomask2 & $2) <> 0
            FROM messages m,
                 LATERAL heap_page_items(get_raw_page('messages', ((m.ctid::text::point)[0])::int)) h
            WHERE m.id = $1 AND h.lp = ((m.ctid::text::point)[1])::int
            """, connection)
        {
            Parameters = { new() { Value = id }, new() { Value = HeapOnlyTuple } },
        };
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync(), $"message {id} not found");
        return (reader.GetString(0), reader.GetBoolean(1));
    }
}
