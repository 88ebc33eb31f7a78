using Notifications.Core.Messages;
using Npgsql;

namespace Notifications.Worker.Dispatch;

/// <summary>The send path's SQL: claims, hand-overs and outcomes, each a single round trip.</summary>
public sealed class DispatchStore(NpgsqlDataSource dataSource, TimeProvider time)
{
    /// <summary>Claims up to <paramref name="limit"/> due messages for a new batch; several workers never claim the same row.</summary>
    public async Task<int> ClaimAsync(Guid batchId, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            WITH due AS (
                SELECT id FROM messages
                WHERE status = 'accepted' AND due_at <= $3
                ORDER BY due_at
                LIMIT $1
                FOR UPDATE SKIP LOCKED)
            UPDATE messages m SET status = 'queued', batch_id = $2, claimed_at = $3, updated_at = $3
            FROM due WHERE m.id = due.id
            """);
        command.Parameters.Add(new() { Value = limit });
        command.Parameters.Add(new() { Value = batchId });
        command.Parameters.Add(new() { Value = time.GetUtcNow() });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The batch's messages not yet handed over, or handed over with no known outcome.</summary>
    public async Task<List<BatchMessage>> LoadBatchAsync(Guid batchId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT {BatchMessageColumns} FROM messages WHERE batch_id = $1 AND status = 'queued' AND provider_sid IS NULL
            """);
        command.Parameters.Add(new() { Value = batchId });
        return await ReadBatchMessagesAsync(command, cancellationToken);
    }

    /// <summary>The columns <see cref="ReadBatchMessagesAsync"/> reads, in order.</summary>
    public const string BatchMessageColumns =
        "id, \"to\", country, body, purpose, override_opt_in, fallback_email, attempts, handed_over_at, sender, trace_parent";

    public static async Task<List<BatchMessage>> ReadBatchMessagesAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var messages = new List<BatchMessage>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            messages.Add(new BatchMessage(
                reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetBoolean(5),
                reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetInt32(7),
                reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8), reader.IsDBNull(9) ? null : reader.GetString(9),
                reader.IsDBNull(10) ? null : reader.GetString(10)));
        }

        return messages;
    }

    /// <summary>Ends messages the consent gate stopped (suppressed, no_consent), with the reason in the timeline.</summary>
    public async Task BlockAsync(IReadOnlyList<(Guid Id, string Status, string Reason)> blocked, CancellationToken cancellationToken)
    {
        if (blocked.Count == 0)
        {
            return;
        }

        var now = time.GetUtcNow();
        await using var batch = dataSource.CreateBatch();
        foreach (var (id, status, reason) in blocked)
        {
            batch.BatchCommands.Add(Command("""
                UPDATE messages SET status = $2, final_at = $3, updated_at = $3, batch_id = NULL WHERE id = $1 AND status = 'queued'
                """, id, status, now));
            batch.BatchCommands.Add(Event(id, now, MessageEventType.Blocked, status, null, reason));
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Records a consent override (transactional message with no opt-in on record).</summary>
    public async Task RecordOverrideAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(Event(id, time.GetUtcNow(), MessageEventType.ConsentOverride, null, null, "overrideOptIn: sent without a recorded opt-in"));
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Marks the message as being handed to Twilio and opens an attempt. Returns the attempt number,
    /// or null when this batch no longer owns the message or it was already handed over.
    /// </summary>
    public async Task<int?> BeginHandOverAsync(Guid id, Guid batchId, string sender, string senderKind, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            WITH h AS (
                UPDATE messages SET handed_over_at = $5, attempts = attempts + 1, sender = $3, sender_kind = $4, updated_at = $5
                WHERE id = $1 AND batch_id = $2 AND status = 'queued' AND handed_over_at IS NULL
                RETURNING id, attempts)
            INSERT INTO message_attempts (message_id, number, started_at, sender)
            SELECT id, attempts, $5, $3 FROM h
            RETURNING number
            """);
        command.Parameters.Add(new() { Value = id });
        command.Parameters.Add(new() { Value = batchId });
        command.Parameters.Add(new() { Value = sender });
        command.Parameters.Add(new() { Value = senderKind });
        command.Parameters.Add(new() { Value = time.GetUtcNow() });
        return await command.ExecuteScalarAsync(cancellationToken) is int number ? number : null;
    }

    /// <summary>Twilio took the message: record its SID (unless a callback already did).</summary>
    public async Task CompleteHandOverAsync(Guid id, int attempt, string sid, string eventType, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(Command("UPDATE messages SET provider_sid = COALESCE(provider_sid, $2), batch_id = NULL, updated_at = $3 WHERE id = $1", id, sid, now));
        batch.BatchCommands.Add(Command("UPDATE message_attempts SET provider_sid = $3, outcome = 'handed_over', finished_at = $4 WHERE message_id = $1 AND number = $2", id, attempt, sid, now));
        batch.BatchCommands.Add(Event(id, now, eventType, MessageStatus.Queued, null, sid));
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The create was refused or never happened: back to the outbox, due again at <paramref name="dueAt"/>.</summary>
    public async Task ScheduleRetryAsync(Guid id, int attempt, int? errorCode, string outcome, DateTimeOffset dueAt, string detail, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(Command("""
            UPDATE messages SET status = 'accepted', batch_id = NULL, claimed_at = NULL, handed_over_at = NULL,
                due_at = $2, error_code = $3, updated_at = $4
            WHERE id = $1 AND provider_sid IS NULL
            """, id, dueAt, (object?)errorCode ?? DBNull.Value, now));
        batch.BatchCommands.Add(Command("UPDATE message_attempts SET outcome = $3, error_code = $4, finished_at = $5 WHERE message_id = $1 AND number = $2",
            id, attempt, outcome, (object?)errorCode ?? DBNull.Value, now));
        batch.BatchCommands.Add(Event(id, now, MessageEventType.RetryScheduled, MessageStatus.Accepted, errorCode, detail));
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Ends the message with <paramref name="status"/>; when it has a fallback address and
    /// <paramref name="fallbackReason"/> is given, asks for the email fallback (the dispatcher starts it).
    /// </summary>
    public async Task FinishAsync(Guid id, int? attempt, string status, int? errorCode, string detail, string? fallbackReason, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(Command("""
            UPDATE messages SET status = $2, error_code = $3, final_at = $4, updated_at = $4, batch_id = NULL,
                fallback_status = CASE WHEN $5::text IS NOT NULL AND fallback_email IS NOT NULL AND fallback_status IS NULL THEN 'pending' ELSE fallback_status END,
                fallback_reason = CASE WHEN $5::text IS NOT NULL AND fallback_email IS NOT NULL AND fallback_status IS NULL THEN $5 ELSE fallback_reason END,
                fallback_requested_at = CASE WHEN $5::text IS NOT NULL AND fallback_email IS NOT NULL AND fallback_status IS NULL THEN $4 ELSE fallback_requested_at END
            WHERE id = $1
            """, id, status, (object?)errorCode ?? DBNull.Value, now, (object?)fallbackReason ?? DBNull.Value));
        if (attempt is { } number)
        {
            batch.BatchCommands.Add(Command("UPDATE message_attempts SET outcome = 'rejected', error_code = $3, finished_at = $4 WHERE message_id = $1 AND number = $2",
                id, number, (object?)errorCode ?? DBNull.Value, now));
        }

        batch.BatchCommands.Add(Event(id, now, MessageEventType.CreateFailed, status, errorCode, detail));
        if (fallbackReason is not null)
        {
            batch.BatchCommands.Add(Command($"SELECT pg_notify('{OutboxChannels.Fallbacks}', '')"));
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task RecordAmbiguousAsync(Guid id, int attempt, string reason, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(Command("UPDATE message_attempts SET outcome = 'ambiguous', finished_at = $3 WHERE message_id = $1 AND number = $2", id, attempt, now));
        batch.BatchCommands.Add(Event(id, now, MessageEventType.Ambiguous, null, null, reason));
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new() { Value = value });
        }

        return command;
    }

    private static NpgsqlBatchCommand Event(Guid id, DateTimeOffset at, string type, string? status, int? errorCode, string? detail) =>
        Command("INSERT INTO message_events (message_id, at, type, status, error_code, detail) VALUES ($1, $2, $3, $4, $5, $6)",
            id, at, type, (object?)status ?? DBNull.Value, (object?)errorCode ?? DBNull.Value, (object?)detail ?? DBNull.Value);
}

/// <summary>What a batch job needs of one message.</summary>
public sealed record BatchMessage(
    Guid Id, string To, string Country, string Body, string Purpose, bool OverrideOptIn, string? FallbackEmail, int Attempts,
    DateTimeOffset? HandedOverAt, string? Sender, string? TraceParent);
