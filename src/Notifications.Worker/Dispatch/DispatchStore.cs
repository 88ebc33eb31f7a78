using Notifications.Core.Data;
using Notifications.Core.Messages;
using Notifications.Core.Suppression;
using Notifications.Core.Sms;
using Npgsql;

namespace Notifications.Worker.Dispatch;

/// <summary>The send path's SQL: claims, hand-overs and outcomes, each a single round trip.</summary>
public sealed class DispatchStore(NpgsqlDataSource dataSource, TimeProvider time)
{
    /// <summary>
    /// Claims up to <paramref name="limit"/> due messages for a new batch; several workers never claim the same row.
    /// "Not claimed" is "accepted" (a check constraint holds them equal); the outbox index is on the former.
    /// </summary>
    public async Task<int> ClaimAsync(Guid batchId, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            WITH due AS (
                SELECT id FROM messages
                WHERE claimed_at IS NULL AND due_at <= $3 AND status = ANY($5)
                ORDER BY due_at
                LIMIT $1
                FOR NO KEY UPDATE SKIP LOCKED)
            UPDATE messages m SET status = $4, batch_id = $2, claimed_at = $3, updated_at = $3
            FROM due WHERE m.id = due.id
            """);
        command.Parameters.Add(new() { Value = limit });
        command.Parameters.Add(new() { Value = batchId });
        command.Parameters.Add(new() { Value = time.GetUtcNow() });
        command.Parameters.Add(new() { Value = MessageTransitions.To(MessageTrigger.Claim) });
        command.Parameters.Add(new() { Value = MessageTransitions.From(MessageTrigger.Claim) });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The batch's messages not yet handed over, or handed over with no known outcome.</summary>
    public async Task<List<BatchMessage>> LoadBatchAsync(Guid batchId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT {BatchMessageColumns} FROM messages WHERE batch_id = $1 AND status = ANY($2) AND provider_sid IS NULL
            """);
        command.Parameters.Add(new() { Value = batchId });
        command.Parameters.Add(new() { Value = MessageTransitions.From(MessageTrigger.HandOver) });
        return await ReadBatchMessagesAsync(command, cancellationToken);
    }

    /// <summary>The columns <see cref="ReadBatchMessagesAsync"/> reads (by name).</summary>
    public const string BatchMessageColumns =
        "id, \"to\", country, body, purpose, override_opt_in, fallback_email, attempts, handed_over_at, sender, trace_parent, created_at, program, segments";

    public static async Task<List<BatchMessage>> ReadBatchMessagesAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var messages = new List<BatchMessage>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var program = reader.GetOrdinal("program");
        var (id, to, country, body, purpose, overrideOptIn, fallbackEmail, attempts, handedOverAt, sender, traceParent, createdAt) = (
            reader.GetOrdinal("id"), reader.GetOrdinal("to"), reader.GetOrdinal("country"), reader.GetOrdinal("body"), reader.GetOrdinal("purpose"),
            reader.GetOrdinal("override_opt_in"), reader.GetOrdinal("fallback_email"), reader.GetOrdinal("attempts"), reader.GetOrdinal("handed_over_at"),
            reader.GetOrdinal("sender"), reader.GetOrdinal("trace_parent"), reader.GetOrdinal("created_at"));
        var segments = reader.GetOrdinal("segments");
        while (await reader.ReadAsync(cancellationToken))
        {
            messages.Add(new BatchMessage(
                reader.GetGuid(id), reader.GetString(to), reader.GetString(country), reader.GetString(body), reader.GetString(purpose),
                reader.GetBoolean(overrideOptIn), reader.GetNullableString(fallbackEmail), reader.GetInt32(attempts),
                reader.GetNullable<DateTimeOffset>(handedOverAt), reader.GetNullableString(sender), reader.GetNullableString(traceParent),
                reader.GetFieldValue<DateTimeOffset>(createdAt), reader.GetString(program),
                // Accepted before segments were recorded: counted from the stored body.
                reader.GetNullable<int>(segments) ?? SmsEncoding.Measure(reader.GetString(body)).Segments));
        }

        return messages;
    }

    /// <summary>
    /// Ends messages the consent gate stopped (<see cref="MessageTrigger.BlockSuppressed"/>,
    /// <see cref="MessageTrigger.BlockNoConsent"/>), with the reason in the timeline.
    /// </summary>
    public async Task BlockAsync(IReadOnlyList<(Guid Id, MessageTrigger Trigger, string Reason)> blocked, Guid batchId, CancellationToken cancellationToken)
    {
        if (blocked.Count == 0)
        {
            return;
        }

        var now = time.GetUtcNow();
        var statuses = blocked.Select(b => MessageTransitions.To(b.Trigger)).ToArray();
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(SqlCommands.Batch("""
            UPDATE messages m SET status = u.status, final_at = $3, updated_at = $3, batch_id = NULL
            FROM unnest($1::uuid[], $2::text[]) AS u(id, status)
            WHERE m.id = u.id AND m.status = ANY($4) AND m.batch_id = $5 AND m.handed_over_at IS NULL
            """, blocked.Select(b => b.Id).ToArray(), statuses, now,
            blocked.SelectMany(b => MessageTransitions.From(b.Trigger)).Distinct(StringComparer.Ordinal).ToArray(), batchId));
        batch.BatchCommands.Add(MessageEventRows.Command(
            blocked.Select((b, i) => new MessageEvent { MessageId = b.Id, At = now, Type = MessageEventType.Blocked, Status = statuses[i], Detail = b.Reason }).ToList()));
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Renews the claim of the batch's messages that have no known outcome yet (not handed over, or handed
    /// over without an answer), in one statement; returns how many the batch still holds.
    /// </summary>
    public async Task<int> RenewClaimAsync(Guid batchId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            UPDATE messages SET claimed_at = $2 WHERE batch_id = $1 AND status = ANY($3) AND provider_sid IS NULL
            """);
        command.Parameters.Add(new() { Value = batchId });
        command.Parameters.Add(new() { Value = time.GetUtcNow() });
        command.Parameters.Add(new() { Value = MessageTransitions.From(MessageTrigger.HandOver) });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Records consent overrides (transactional messages with no opt-in on record).</summary>
    public async Task RecordOverridesAsync(IReadOnlyList<Guid> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return;
        }

        var now = time.GetUtcNow();
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(MessageEventRows.Command(ids.Select(id => new MessageEvent
        {
            MessageId = id, At = now, Type = MessageEventType.ConsentOverride, Detail = "overrideOptIn: sent without a recorded opt-in",
        }).ToList()));
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Marks messages as being handed to Twilio and opens an attempt for each, in one statement, except those
    /// whose number PostgreSQL has on its suppression list at that moment (<see cref="SuppressionSql.IsSuppressed"/>):
    /// the last consent check before the create calls, at no extra round trip. Returns the attempt number of each
    /// message this batch still owns and that was not handed over yet (the others are left alone: another run of the
    /// batch, or another batch, owns them). Only when a message was left out does a second statement look at why: those
    /// of them this batch still owns and whose number is suppressed are blocked as suppressed, and returned as such.
    /// </summary>
    public async Task<HandOverStart> BeginHandOversAsync(
        IReadOnlyList<Guid> ids, Guid batchId, string sender, string senderKind, DateTimeOffset startedAt, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            WITH h AS (
                UPDATE messages m SET handed_over_at = $5, attempts = attempts + 1, sender = $3, sender_kind = $4, updated_at = $5
                FROM unnest($1::uuid[]) AS u(id)
                WHERE m.id = u.id AND m.batch_id = $2 AND m.status = ANY($6) AND m.handed_over_at IS NULL
                  AND NOT {SuppressionSql.IsSuppressed("m.\"to\"", "m.program")}
                RETURNING m.id, m.attempts)
            INSERT INTO message_attempts (message_id, number, started_at, sender)
            SELECT id, attempts, $5, $3 FROM h
            RETURNING message_id, number
            """);
        command.Parameters.Add(new() { Value = ids.Order().ToArray() });
        command.Parameters.Add(new() { Value = batchId });
        command.Parameters.Add(new() { Value = sender });
        command.Parameters.Add(new() { Value = senderKind });
        command.Parameters.Add(new() { Value = startedAt });
        command.Parameters.Add(new() { Value = MessageTransitions.From(MessageTrigger.HandOver) });
        var attempts = new Dictionary<Guid, int>(ids.Count);
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            var (messageId, number) = (reader.GetOrdinal("message_id"), reader.GetOrdinal("number"));
            while (await reader.ReadAsync(cancellationToken))
            {
                attempts[reader.GetGuid(messageId)] = reader.GetInt32(number);
            }
        }

        var leftOut = ids.Where(id => !attempts.ContainsKey(id)).ToArray();
        return new HandOverStart(attempts, leftOut.Length == 0 ? [] : await BlockSuppressedAsync(leftOut, batchId, cancellationToken));
    }

    /// <summary>
    /// Of <paramref name="ids"/>, blocks as suppressed (<see cref="MessageTrigger.BlockSuppressed"/>, with the timeline
    /// entry in the same statement) those this batch still holds, not handed over, whose number is suppressed now.
    /// </summary>
    private async Task<List<Guid>> BlockSuppressedAsync(Guid[] ids, Guid batchId, CancellationToken cancellationToken)
    {
        var status = MessageTransitions.To(MessageTrigger.BlockSuppressed);
        await using var command = dataSource.CreateCommand($"""
            WITH b AS (
                UPDATE messages m SET status = $2, final_at = $3, updated_at = $3, batch_id = NULL
                FROM unnest($1::uuid[]) AS u(id)
                WHERE m.id = u.id AND m.status = ANY($4) AND m.batch_id = $5 AND m.handed_over_at IS NULL
                  AND {SuppressionSql.IsSuppressed("m.\"to\"", "m.program")}
                RETURNING m.id)
            INSERT INTO message_events (message_id, at, type, status, detail)
            SELECT id, $3, $6, $2, $7 FROM b
            RETURNING message_id
            """);
        command.Parameters.Add(new() { Value = ids });
        command.Parameters.Add(new() { Value = status });
        command.Parameters.Add(new() { Value = time.GetUtcNow() });
        command.Parameters.Add(new() { Value = MessageTransitions.From(MessageTrigger.BlockSuppressed) });
        command.Parameters.Add(new() { Value = batchId });
        command.Parameters.Add(new() { Value = MessageEventType.Blocked });
        command.Parameters.Add(new() { Value = MessageHandOver.SuppressedReason });
        var blocked = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            blocked.Add(reader.GetGuid(0));
        }

        return blocked;
    }

    /// <summary>
    /// Twilio took the messages: record their SIDs (unless a callback already did), in one round trip.
    /// The timeline entry is dated <paramref name="handedOverAt"/>, when the create calls began, so it
    /// sorts before the status callbacks even when those were recorded first.
    /// </summary>
    public async Task CompleteHandOversAsync(
        IReadOnlyList<(Guid Id, int Attempt, string Sid)> handedOver, string eventType, DateTimeOffset handedOverAt, CancellationToken cancellationToken)
    {
        if (handedOver.Count == 0)
        {
            return;
        }

        var now = time.GetUtcNow();
        var rows = handedOver.OrderBy(h => h.Id).ToArray();
        var ids = rows.Select(h => h.Id).ToArray();
        var sids = rows.Select(h => h.Sid).ToArray();
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(SqlCommands.Batch("""
            UPDATE messages m SET provider_sid = COALESCE(m.provider_sid, u.sid), batch_id = NULL, updated_at = $3
            FROM unnest($1::uuid[], $2::text[]) AS u(id, sid) WHERE m.id = u.id
            """, ids, sids, now));
        batch.BatchCommands.Add(SqlCommands.Batch("""
            UPDATE message_attempts a SET provider_sid = u.sid, outcome = 'handed_over', finished_at = $4
            FROM unnest($1::uuid[], $2::int[], $3::text[]) AS u(id, number, sid) WHERE a.message_id = u.id AND a.number = u.number
            """, ids, rows.Select(h => h.Attempt).ToArray(), sids, now));
        batch.BatchCommands.Add(MessageEventRows.Command(rows.Select(h => new MessageEvent
        {
            MessageId = h.Id, At = handedOverAt, Type = eventType, Status = MessageTransitions.To(MessageTrigger.HandOver), Detail = h.Sid,
        }).ToList()));
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task CompleteHandOverAsync(Guid id, int attempt, string sid, string eventType, CancellationToken cancellationToken) =>
        CompleteHandOversAsync([(id, attempt, sid)], eventType, time.GetUtcNow(), cancellationToken);

    /// <summary>
    /// Which of <paramref name="sids"/> belong to a message other than <paramref name="messageId"/>: its
    /// current SID, or one of its attempts' since <paramref name="since"/> (an attempt given up for a retry
    /// keeps its SID there only). A lookup never adopts those.
    /// </summary>
    public async Task<HashSet<string>> FindOwnedSidsAsync(Guid messageId, string[] sids, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT provider_sid FROM messages WHERE provider_sid = ANY($1) AND id <> $2
            UNION
            SELECT provider_sid FROM message_attempts WHERE started_at >= $3 AND provider_sid = ANY($1) AND message_id <> $2
            """);
        command.Parameters.Add(new() { Value = sids });
        command.Parameters.Add(new() { Value = messageId });
        command.Parameters.Add(new() { Value = since });
        var owned = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var sid = reader.GetOrdinal("provider_sid");
        while (await reader.ReadAsync(cancellationToken))
        {
            owned.Add(reader.GetString(sid));
        }

        return owned;
    }

    /// <summary>The create was refused or never happened: back to the outbox (<see cref="OutboxReturn"/>), due again at <paramref name="dueAt"/>.</summary>
    public async Task ScheduleRetryAsync(Guid id, int attempt, int? errorCode, string outcome, DateTimeOffset dueAt, string detail, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(OutboxReturn.Retry([new OutboxRetry(id, dueAt, errorCode, AbandonedSid: null)], now));
        batch.BatchCommands.Add(SqlCommands.Batch("UPDATE message_attempts SET outcome = $3, error_code = $4, finished_at = $5 WHERE message_id = $1 AND number = $2",
            id, attempt, outcome, (object?)errorCode ?? DBNull.Value, now));
        batch.BatchCommands.Add(Event(id, now, MessageEventType.RetryScheduled, MessageTransitions.To(MessageTrigger.Retry), errorCode, detail));
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Ends the message through <paramref name="trigger"/> (<see cref="MessageTrigger.CreateFailed"/> or
    /// <see cref="MessageTrigger.CreateOptedOut"/>); when it has a fallback address and
    /// <paramref name="fallbackReason"/> is given, asks for the email fallback (<see cref="FallbackRequest"/>; the dispatcher starts it).
    /// </summary>
    public async Task FinishAsync(Guid id, int? attempt, MessageTrigger trigger, int? errorCode, string detail, string? fallbackReason, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var status = MessageTransitions.To(trigger);
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(SqlCommands.Batch($"""
            UPDATE messages SET status = $2, error_code = $3, final_at = $4, updated_at = $4, batch_id = NULL,
                {FallbackRequest.Assignments("$5::text", "$4", "$7")}
            WHERE id = $1 AND status = ANY($6)
            """, id, status, (object?)errorCode ?? DBNull.Value, now, (object?)fallbackReason ?? DBNull.Value,
            MessageTransitions.From(trigger), MessageTransitions.To(FallbackTrigger.Request)));
        if (attempt is { } number)
        {
            batch.BatchCommands.Add(SqlCommands.Batch("UPDATE message_attempts SET outcome = 'rejected', error_code = $3, finished_at = $4 WHERE message_id = $1 AND number = $2",
                id, number, (object?)errorCode ?? DBNull.Value, now));
        }

        batch.BatchCommands.Add(Event(id, now, MessageEventType.CreateFailed, status, errorCode, detail));
        if (fallbackReason is not null)
        {
            batch.BatchCommands.Add(SqlCommands.Batch($"SELECT pg_notify('{OutboxChannels.Fallbacks}', '')"));
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task RecordAmbiguousAsync(Guid id, int attempt, string reason, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(SqlCommands.Batch("UPDATE message_attempts SET outcome = 'ambiguous', finished_at = $3 WHERE message_id = $1 AND number = $2", id, attempt, now));
        batch.BatchCommands.Add(Event(id, now, MessageEventType.Ambiguous, null, null, reason));
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlBatchCommand Event(Guid id, DateTimeOffset at, string type, string? status, int? errorCode, string? detail) =>
        MessageEventRows.Command([new MessageEvent { MessageId = id, At = at, Type = type, Status = status, ErrorCode = errorCode, Detail = detail }]);
}
