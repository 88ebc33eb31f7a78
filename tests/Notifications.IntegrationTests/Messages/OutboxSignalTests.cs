using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Notifications.Core.Messages;
using Notifications.IntegrationTests.Infrastructure;
using Npgsql;

namespace Notifications.IntegrationTests.Messages;

/// <summary>The worker is told of new messages by NOTIFY: after the commit, and coalesced under load.</summary>
[Collection(ServicesDefinition.Name)]
public sealed class OutboxSignalTests(ServicesFixture services) : IAsyncLifetime
{
    private readonly ApiFactory _api = new(services);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task Accepts_AreAnnounced_AfterTheirRowsAreVisible_WithFewerNotificationsThanAccepts()
    {
        using var client = _api.CreateAppClient();
        await client.PostAsJsonAsync("/api/messages", new { to = TestNumbers.Delivered(), body = "warm-up", overrideOptIn = true });

        await using var listener = new NpgsqlConnection(services.DatabaseConnectionString);
        await listener.OpenAsync();
        var notified = new ConcurrentQueue<DateTimeOffset>();
        listener.Notification += (_, e) =>
        {
            if (e.Channel == OutboxChannels.Messages)
            {
                notified.Enqueue(DateTimeOffset.UtcNow);
            }
        };
        await using (var listen = new NpgsqlCommand($"LISTEN {OutboxChannels.Messages}", listener))
        {
            await listen.ExecuteNonQueryAsync();
        }

        var responses = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ =>
            client.PostAsJsonAsync("/api/messages", new { to = TestNumbers.Delivered(), body = "announce me", overrideOptIn = true })));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
        var ids = await Task.WhenAll(responses.Select(async r => (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid()));

        // One more accept after all of them were answered: the signal is raised in order, so once a
        // notification arrives after this one was answered, those raised for the 40 went out before it.
        var marker = await client.PostAsJsonAsync("/api/messages", new { to = TestNumbers.Delivered(), body = "last", overrideOptIn = true });
        Assert.Equal(HttpStatusCode.Accepted, marker.StatusCode);
        var markerAnswered = DateTimeOffset.UtcNow;
        await Eventually.UntilAsync(
            async () =>
            {
                await listener.WaitAsync(TimeSpan.FromMilliseconds(100));
                return notified.Any(at => at > markerAnswered);
            },
            "a notification after the last accept was answered",
            interval: TimeSpan.Zero);

        Assert.True(notified.Count < ids.Length + 1, $"{notified.Count} notifications for {ids.Length + 1} accepts: not coalesced");

        // Every answered accept was committed before the last notification went out.
        await using var db = new NpgsqlConnection(services.DatabaseConnectionString);
        await db.OpenAsync();
        await using var visible = new NpgsqlCommand("SELECT count(*) FROM messages WHERE id = ANY($1) AND created_at < $2", db)
        {
            Parameters = { new() { Value = ids }, new() { Value = notified.Max() } },
        };
        Assert.Equal((long)ids.Length, await visible.ExecuteScalarAsync());
    }
}
