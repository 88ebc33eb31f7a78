using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Notifications.IntegrationTests.Infrastructure;
using Notifications.Worker.Dispatch;
using Npgsql;

namespace Notifications.IntegrationTests.Dispatch;

/// <summary>
/// The hand-over statement is the send path's last look at PostgreSQL's suppression list: a number suppressed after
/// the batch's consent check (here written to PostgreSQL only, as no cache could know it) is held back, with no attempt.
/// </summary>
[Collection(ServicesDefinition.Name)]
public sealed class HandOverSuppressionTests(ServicesFixture services) : IAsyncLifetime
{
    private readonly ApiFactory _api = new(services);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task NumberSuppressedAfterTheBatchCheck_IsHeldBackByTheHandOver_TheOtherIsHandedOver()
    {
        var (stopped, kept) = (TestNumbers.Delivered(), TestNumbers.Delivered());
        using var client = _api.CreateAppClient();
        var ids = new Dictionary<string, Guid>();
        foreach (var phone in new[] { stopped, kept })
        {
            var consent = await client.PostAsJsonAsync("/api/consents", new
            {
                phone, purpose = "transactional", source = "api", optInMessage = "Yes", capturedAt = DateTimeOffset.UtcNow.AddMinutes(-1),
            });
            Assert.Equal(HttpStatusCode.Created, consent.StatusCode);
            var sent = await client.PostAsJsonAsync("/api/messages", new { to = phone, body = "Your code is 1234" });
            Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
            ids[phone] = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        }

        await using var dataSource = NpgsqlDataSource.Create(services.DatabaseConnectionString);
        var store = new DispatchStore(dataSource, TimeProvider.System);
        var batchId = Guid.CreateVersion7();
        await store.ClaimAsync(batchId, limit: 100_000, CancellationToken.None);
        await using (var suppress = dataSource.CreateCommand("""
            INSERT INTO suppressions (phone, program, active, reason, suppressed_at, updated_at) VALUES ($1, 'default', TRUE, 'opt_out_keyword', now(), now())
            """))
        {
            suppress.Parameters.Add(new() { Value = stopped });
            await suppress.ExecuteNonQueryAsync();
        }

        var (attempts, suppressed) = await store.BeginHandOversAsync(
            [ids[stopped], ids[kept]], batchId, "+15005550006", "long_code", DateTimeOffset.UtcNow, CancellationToken.None);

        Assert.Equal([ids[stopped]], suppressed);
        Assert.Equal([ids[kept]], attempts.Keys);
        await using var count = dataSource.CreateCommand("SELECT count(*) FROM message_attempts WHERE message_id = $1");
        count.Parameters.Add(new() { Value = ids[stopped] });
        Assert.Equal(0L, await count.ExecuteScalarAsync());
        var blocked = await client.GetFromJsonAsync<JsonElement>($"/api/messages/{ids[stopped]}");
        Assert.Equal("suppressed", blocked.GetProperty("status").GetString());
        Assert.Contains(blocked.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("type").GetString() == "blocked");
    }

    [Fact]
    public async Task SuppressedMessageAnotherBatchHolds_IsNeitherHandedOverNorBlockedByThisOne()
    {
        var phone = TestNumbers.Delivered();
        using var client = _api.CreateAppClient();
        var consent = await client.PostAsJsonAsync("/api/consents", new
        {
            phone, purpose = "transactional", source = "api", optInMessage = "Yes", capturedAt = DateTimeOffset.UtcNow.AddMinutes(-1),
        });
        Assert.Equal(HttpStatusCode.Created, consent.StatusCode);
        var sent = await client.PostAsJsonAsync("/api/messages", new { to = phone, body = "Your code is 1234" });
        var id = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        await using var dataSource = NpgsqlDataSource.Create(services.DatabaseConnectionString);
        var store = new DispatchStore(dataSource, TimeProvider.System);
        var owner = Guid.CreateVersion7();
        await store.ClaimAsync(owner, limit: 100_000, CancellationToken.None);
        await using (var suppress = dataSource.CreateCommand("""
            INSERT INTO suppressions (phone, program, active, reason, suppressed_at, updated_at) VALUES ($1, 'default', TRUE, 'opt_out_keyword', now(), now())
            """))
        {
            suppress.Parameters.Add(new() { Value = phone });
            await suppress.ExecuteNonQueryAsync();
        }

        var (attempts, suppressed) = await store.BeginHandOversAsync([id], Guid.CreateVersion7(), "+15005550006", "long_code", DateTimeOffset.UtcNow, CancellationToken.None);

        Assert.Empty(attempts);
        Assert.Empty(suppressed);
        var message = await client.GetFromJsonAsync<JsonElement>($"/api/messages/{id}");
        Assert.Equal("queued", message.GetProperty("status").GetString());
    }
}
