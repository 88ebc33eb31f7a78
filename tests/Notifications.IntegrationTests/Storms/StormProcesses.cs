using System.Net.Http.Json;
using System.Text.Json;
using Notifications.IntegrationTests.Outages;
using Npgsql;

namespace Notifications.IntegrationTests.Storms;

/// <summary>
/// The stack the Twilio-storm tests run on: two workers sharing a sender of <see cref="SenderRate"/>
/// messages per second, quick lookups (so a 5xx settles in about a second and a half), and the retry
/// budget, backoff ceiling and local rate share at their defaults.
/// </summary>
public class StormProcesses : ServiceProcesses
{
    /// <summary>Messages per second the default sender takes, shared by every worker.</summary>
    public const int SenderRate = 20;

    protected override int WorkerCount => 2;

    protected override IDictionary<string, string> ExtraSettings => new Dictionary<string, string>
    {
        ["Sms__Senders__default__MessagesPerSecond"] = SenderRate.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Dispatch__LookupDelay"] = "00:00:00.200",
    };

    /// <summary>Accepts <paramref name="count"/> messages to numbers the simulator delivers, in batch requests.</summary>
    public async Task<List<Guid>> AcceptAsync(int count, string? fallbackEmail = null)
    {
        using var api = ApiClient();
        var ids = new List<Guid>(count);
        foreach (var chunk in Enumerable.Range(0, count).Chunk(100))
        {
            var messages = chunk.Select(_ => new { to = Infrastructure.TestNumbers.Delivered(), body = "Storm test", overrideOptIn = true, fallbackEmail }).ToList();
            using var response = await api.PostAsJsonAsync("/api/messages/batch", new { messages });
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            ids.AddRange(body.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("id").GetGuid()));
        }

        Assert.Equal(count, ids.Count);
        return ids;
    }

    /// <summary>Messages of <paramref name="ids"/> by status, as "status=count, ..." in status order.</summary>
    public async Task<string> StatusCountsAsync(IReadOnlyList<Guid> ids)
    {
        await using var db = new NpgsqlConnection(Postgres.ConnectionString);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT status, count(*) FROM messages WHERE id = ANY($1) GROUP BY status ORDER BY status", db)
        {
            Parameters = { new() { Value = ids.ToArray() } },
        };
        var counts = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            counts.Add($"{reader.GetString(0)}={reader.GetInt64(1)}");
        }

        return string.Join(", ", counts);
    }

    /// <summary>Create calls made for <paramref name="ids"/> (one attempt row each) begun in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    public async Task<long> CreateCallsAsync(IReadOnlyList<Guid> ids, DateTimeOffset from, DateTimeOffset to)
    {
        await using var db = new NpgsqlConnection(Postgres.ConnectionString);
        await db.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM message_attempts WHERE message_id = ANY($1) AND started_at >= $2 AND started_at < $3", db)
        {
            Parameters = { new() { Value = ids.ToArray() }, new() { Value = from }, new() { Value = to } },
        };
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
