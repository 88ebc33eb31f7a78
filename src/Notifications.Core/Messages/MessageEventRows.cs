using Npgsql;

namespace Notifications.Core.Messages;

/// <summary>
/// Writes timeline entries set-based: any number of <see cref="MessageEvent"/>s in one
/// <c>INSERT ... SELECT FROM unnest(...)</c>, in list order.
/// </summary>
public static class MessageEventRows
{
    private const string Insert = """
        INSERT INTO message_events (message_id, at, type, status, error_code, detail, external_id)
        SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::text[], $4::text[], $5::int[], $6::text[], $7::text[])
        """;

    /// <summary>A command that inserts <paramref name="events"/> (for an <see cref="NpgsqlBatch"/>).</summary>
    public static NpgsqlBatchCommand Command(IReadOnlyList<MessageEvent> events)
    {
        var command = new NpgsqlBatchCommand(Insert);
        AddParameters(command.Parameters, events);
        return command;
    }

    /// <summary>
    /// Inserts <paramref name="events"/> except those whose <see cref="MessageEvent.ExternalId"/> is
    /// already recorded (a duplicate delivery); returns the external ids that were new.
    /// </summary>
    public static async Task<HashSet<string>> InsertNewAsync(NpgsqlConnection connection, IReadOnlyList<MessageEvent> events, CancellationToken cancellationToken)
    {
        var inserted = new HashSet<string>(StringComparer.Ordinal);
        if (events.Count == 0)
        {
            return inserted;
        }

        await using var command = new NpgsqlCommand(
            Insert + " ON CONFLICT (external_id) WHERE external_id IS NOT NULL DO NOTHING RETURNING external_id", connection);
        AddParameters(command.Parameters, events);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var externalId = reader.GetOrdinal("external_id");
        while (await reader.ReadAsync(cancellationToken))
        {
            inserted.Add(reader.GetString(externalId));
        }

        return inserted;
    }

    public static async Task InsertAsync(NpgsqlConnection connection, IReadOnlyList<MessageEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return;
        }

        await using var command = new NpgsqlCommand(Insert, connection);
        AddParameters(command.Parameters, events);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void AddParameters(NpgsqlParameterCollection parameters, IReadOnlyList<MessageEvent> events)
    {
        var count = events.Count;
        var ids = new Guid[count];
        var at = new DateTimeOffset[count];
        var types = new string[count];
        var statuses = new string?[count];
        var codes = new int?[count];
        var details = new string?[count];
        var externalIds = new string?[count];
        for (var i = 0; i < count; i++)
        {
            var e = events[i];
            (ids[i], at[i], types[i], statuses[i], codes[i], details[i], externalIds[i]) =
                (e.MessageId, e.At, e.Type, e.Status, e.ErrorCode, Truncate(e.Detail), e.ExternalId);
        }

        parameters.Add(new() { Value = ids });
        parameters.Add(new() { Value = at });
        parameters.Add(new() { Value = types });
        parameters.Add(new() { Value = statuses });
        parameters.Add(new() { Value = codes });
        parameters.Add(new() { Value = details });
        parameters.Add(new() { Value = externalIds });
    }

    private static string? Truncate(string? detail) => detail is { Length: > 500 } ? detail[..500] : detail;
}
