using Notifications.Core.Data;
using Notifications.Core.Messages;
using Npgsql;

namespace Notifications.Worker.Dispatch;

/// <summary>The SQL of the send-window step (<see cref="SendWindowStep"/>) and of the dispatcher's wake-up time.</summary>
public sealed class ScheduleStore(NpgsqlDataSource dataSource)
{
    /// <summary>The earliest due time of a message waiting in the outbox (the outbox index answers it), or null when none waits.</summary>
    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT min(due_at) FROM messages WHERE claimed_at IS NULL");
        // Npgsql reads a timestamptz as a UTC DateTime.
        return await command.ExecuteScalarAsync(cancellationToken) is DateTime due ? new DateTimeOffset(DateTime.SpecifyKind(due, DateTimeKind.Utc)) : null;
    }

    /// <summary>The sends to numbers <c>$1</c> counted by a frequency cap since <c>$2</c> (the partial index <c>ix_messages_to</c> answers it).</summary>
    public const string CountedSendsSql = """
        SELECT program, "to", purpose, cap_counted_at FROM messages WHERE "to" = ANY($1) AND cap_counted_at > $2
        """;

    /// <summary>
    /// Reads the batch's validity limits, its consent time zones and the counted sends to its capped numbers since
    /// <paramref name="since"/>, in one round trip. With capped numbers it first takes a transaction-scoped advisory lock
    /// per (program, number), in one order, so that two batches never count the same number at once: the caller holds
    /// <paramref name="connection"/>'s transaction until it has recorded what it counted.
    /// </summary>
    public static async Task<ScheduleFacts> ReadAsync(
        NpgsqlConnection connection, IReadOnlyList<BatchMessage> messages, IReadOnlyList<BatchMessage> windowed, IReadOnlyList<BatchMessage> capped,
        DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection);
        if (capped.Count > 0)
        {
            batch.BatchCommands.Add(SqlCommands.Batch("""
                SELECT pg_advisory_xact_lock(hashtextextended('frequency_cap' || E'\n' || k, 0))
                FROM (SELECT DISTINCT unnest($1::text[]) AS k ORDER BY 1) s
                """, (object)capped.Select(m => m.Program + "\n" + m.To).ToArray()));
        }

        batch.BatchCommands.Add(SqlCommands.Batch(
            "SELECT id, valid_until, cap_counted_at FROM messages WHERE id = ANY($1)", messages.Select(m => m.Id).ToArray()));
        batch.BatchCommands.Add(SqlCommands.Batch("""
            SELECT program, phone, time_zone FROM consent_time_zones
            WHERE (program, phone) IN (SELECT * FROM unnest($1::text[], $2::text[]))
            """, windowed.Select(m => m.Program).ToArray(), windowed.Select(m => m.To).ToArray()));
        batch.BatchCommands.Add(SqlCommands.Batch(CountedSendsSql, capped.Select(m => m.To).Distinct(StringComparer.Ordinal).ToArray(), since));

        var facts = new ScheduleFacts();
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        if (capped.Count > 0)
        {
            await reader.NextResultAsync(cancellationToken);
        }

        var (id, validUntil, capCountedAt) = (reader.GetOrdinal("id"), reader.GetOrdinal("valid_until"), reader.GetOrdinal("cap_counted_at"));
        while (await reader.ReadAsync(cancellationToken))
        {
            facts.Messages[reader.GetGuid(id)] = (reader.GetNullable<DateTimeOffset>(validUntil), reader.GetNullable<DateTimeOffset>(capCountedAt));
        }

        await reader.NextResultAsync(cancellationToken);
        var (program, phone, timeZone) = (reader.GetOrdinal("program"), reader.GetOrdinal("phone"), reader.GetOrdinal("time_zone"));
        while (await reader.ReadAsync(cancellationToken))
        {
            facts.TimeZones[(reader.GetString(program), reader.GetString(phone))] = reader.GetString(timeZone);
        }

        await reader.NextResultAsync(cancellationToken);
        var (sentProgram, to, purpose, counted) = (reader.GetOrdinal("program"), reader.GetOrdinal("to"), reader.GetOrdinal("purpose"), reader.GetOrdinal("cap_counted_at"));
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = (reader.GetString(sentProgram), reader.GetString(to), reader.GetString(purpose));
            if (!facts.Counted.TryGetValue(key, out var list))
            {
                facts.Counted[key] = list = [];
            }

            list.Add(reader.GetFieldValue<DateTimeOffset>(counted));
        }

        return facts;
    }

    /// <summary>
    /// In one round trip: ends the <paramref name="expired"/> messages (<see cref="MessageTrigger.Expire"/>, no fallback),
    /// returns the <paramref name="deferred"/> ones to the outbox as <c>scheduled</c> (<see cref="MessageTrigger.Defer"/>),
    /// due at their time but never after their <c>valid_until</c> (so that they expire on time), and marks the
    /// <paramref name="counted"/> ones as counted by their frequency cap. Only messages this batch still holds and has not handed over move.
    /// </summary>
    public static async Task WriteAsync(
        NpgsqlConnection connection, IReadOnlyList<(Guid Id, DateTimeOffset ValidUntil)> expired, IReadOnlyList<(Guid Id, DateTimeOffset DueAt, string Reason)> deferred,
        IReadOnlyList<Guid> counted, Guid batchId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection);
        if (expired.Count > 0)
        {
            batch.BatchCommands.Add(SqlCommands.Batch("""
                UPDATE messages SET status = $2, final_at = $3, updated_at = $3, batch_id = NULL
                WHERE id = ANY($1) AND status = ANY($4) AND batch_id = $5 AND handed_over_at IS NULL
                """, expired.Select(e => e.Id).ToArray(), MessageTransitions.To(MessageTrigger.Expire), now,
                MessageTransitions.From(MessageTrigger.Expire), batchId));
            batch.BatchCommands.Add(MessageEventRows.Command(expired.Select(e => new MessageEvent
            {
                MessageId = e.Id, At = now, Type = MessageEventType.Expired, Status = MessageTransitions.To(MessageTrigger.Expire),
                Detail = $"validUntil {e.ValidUntil:O} passed before it was handed to Twilio; no fallback",
            }).ToList()));
        }

        if (deferred.Count > 0)
        {
            batch.BatchCommands.Add(SqlCommands.Batch($"""
                UPDATE messages m SET {OutboxReturn.Assignments("$1")}, due_at = LEAST(u.due_at, COALESCE(m.valid_until, u.due_at)), updated_at = $2
                FROM unnest($3::uuid[], $4::timestamptz[]) AS u(id, due_at)
                WHERE m.id = u.id AND m.status = ANY($5) AND m.batch_id = $6 AND m.handed_over_at IS NULL
                """, MessageTransitions.To(MessageTrigger.Defer), now, deferred.Select(d => d.Id).ToArray(), deferred.Select(d => d.DueAt).ToArray(),
                MessageTransitions.From(MessageTrigger.Defer), batchId));
            batch.BatchCommands.Add(MessageEventRows.Command(deferred.Select(d => new MessageEvent
            {
                MessageId = d.Id, At = now, Type = MessageEventType.Scheduled, Status = MessageTransitions.To(MessageTrigger.Defer), Detail = d.Reason,
            }).ToList()));
        }

        if (counted.Count > 0)
        {
            batch.BatchCommands.Add(SqlCommands.Batch(
                "UPDATE messages SET cap_counted_at = $2 WHERE id = ANY($1) AND batch_id = $3", counted.ToArray(), now, batchId));
        }

        if (batch.BatchCommands.Count > 0)
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
