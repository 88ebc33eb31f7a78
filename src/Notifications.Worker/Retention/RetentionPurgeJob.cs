using Hangfire;
using Microsoft.Extensions.Options;
using Notifications.Core.Messages;
using Npgsql;

namespace Notifications.Worker.Retention;

/// <summary>
/// Applies <see cref="RetentionOptions"/>: clears the bodies of old final messages and of old inbound messages
/// that are not consent evidence, deletes expired idempotency keys, whole consent chains past
/// <see cref="RetentionOptions.ConsentEvidence"/>, and old housekeeping rows. Every statement touches at most
/// <see cref="RetentionOptions.BatchSize"/> rows (consent: chains) picked by an index range and is its own
/// transaction, so no lock is held for long; batches are <see cref="RetentionOptions.BatchPause"/> apart and a run
/// stops once <see cref="RetentionOptions.RunBudget"/> is spent (the next run goes on: each statement picks what
/// is still due). Re-entrant: two runs at once skip each other's locked rows or delete nothing twice.
/// </summary>
public sealed partial class RetentionPurgeJob(
    NpgsqlDataSource dataSource,
    IOptions<RetentionOptions> options,
    RetentionMetrics metrics,
    TimeProvider time,
    ILogger<RetentionPurgeJob> logger)
{
    public const string Messages = "messages";
    public const string MessageBodies = "messages.body";
    public const string InboundBodies = "inbound_messages.body";
    public const string IdempotencyKeys = "idempotency_keys";
    public const string ConsentEvents = "consent_events";
    public const string ApiHeartbeats = "api_heartbeats";
    public const string CallbackGaps = "callback_gaps";

    /// <summary>The role the consent ledger's append-only trigger lets delete (created by the ledger's migration).</summary>
    public const string ConsentPurgeRole = "notifications_consent_purge";

    /// <summary>
    /// A message's body may go once it is final (or <c>sent</c> and settled without a receipt: it has a final time),
    /// as the state machine says; never while it may still be sent or retried.
    /// </summary>
    private static readonly string[] SettledStatuses =
        [.. MessageStatus.All.Where(s => MessageTransitions.IsFinal(s) || s == MessageStatus.Sent)];

    [AutomaticRetry(Attempts = 0)]
    [JobDisplayName("Retention purge")]
    public async Task<RetentionPurgeResult> RunAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var started = time.GetTimestamp();
        var now = time.GetUtcNow();
        var messagesBefore = now - settings.Messages;
        var bodiesBefore = now - settings.MessageBodies;
        var keysBefore = now - settings.IdempotencyKeys;
        var evidenceBefore = now - settings.ConsentEvidence;
        var housekeepingBefore = now - settings.Housekeeping;
        var size = settings.BatchSize;

        (string Table, Func<NpgsqlConnection, Task<(long Rows, bool Full)>> Batch)[] steps =
        [
            (MessageBodies, c => RowsAsync(c, size, ClearMessageBodies, bodiesBefore, SettledStatuses, FallbackStatus.Pending, size)),
            (Messages, c => RowsAsync(c, MessagesPerBatch(size), DeleteMessages, FirstIdAt(messagesBefore), messagesBefore, SettledStatuses, FallbackStatus.Pending, MessagesPerBatch(size))),
            (InboundBodies, c => RowsAsync(c, size, ClearInboundBodies, bodiesBefore, size)),
            (IdempotencyKeys, c => RowsAsync(c, size, DeleteIdempotencyKeys, keysBefore, now, size)),
            (ConsentEvents, c => DeleteConsentChainsAsync(c, evidenceBefore, size, cancellationToken)),
            (ApiHeartbeats, c => RowsAsync(c, size, DeleteHeartbeats, housekeepingBefore, size)),
            (CallbackGaps, c => RowsAsync(c, size, DeleteCallbackGaps, housekeepingBefore, size)),
        ];

        var results = new List<RetentionTableResult>();
        var finished = true;
        foreach (var (table, batch) in steps)
        {
            var tableStarted = time.GetTimestamp();
            long rows = 0;
            var batches = 0;
            var done = false;
            while (true)
            {
                (long Rows, bool Full) outcome;
                await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
                {
                    outcome = await batch(connection);
                }

                rows += outcome.Rows;
                batches++;
                metrics.Purged(table, outcome.Rows);
                if (!outcome.Full)
                {
                    done = true;
                    break;
                }

                if (time.GetElapsedTime(started) >= settings.RunBudget)
                {
                    break;
                }

                await Task.Delay(settings.BatchPause, time, cancellationToken);
            }

            results.Add(new RetentionTableResult(table, rows, batches, done));
            LogTablePurged(logger, table, rows, batches, (long)time.GetElapsedTime(tableStarted).TotalMilliseconds);
            if (!done)
            {
                finished = false;
                LogBudgetSpent(logger, settings.RunBudget, table);
                break;
            }
        }

        LogRunFinished(logger, results.Sum(r => r.Rows), (long)time.GetElapsedTime(started).TotalMilliseconds, finished);
        return new RetentionPurgeResult(results, finished);

        async Task<(long, bool)> RowsAsync(NpgsqlConnection connection, int limit, string sql, params object[] values)
        {
            await using var command = new NpgsqlCommand(sql, connection);
            foreach (var value in values)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = value });
            }

            var affected = await command.ExecuteNonQueryAsync(cancellationToken);
            return (affected, affected >= limit);
        }
    }

    /// <summary>Messages per delete: each goes with its timeline and attempts (about five rows in all).</summary>
    private static int MessagesPerBatch(int size) => Math.Max(100, size / 5);

    /// <summary>
    /// The smallest message id created at <paramref name="instant"/>: ids are UUIDv7 of the creation time (big-endian
    /// milliseconds first), so every message created earlier has a smaller id, and the primary key finds them in order.
    /// </summary>
    public static Guid FirstIdAt(DateTimeOffset instant)
    {
        Span<byte> bytes = stackalloc byte[16];
        var milliseconds = instant.ToUnixTimeMilliseconds();
        for (var i = 0; i < 6; i++)
        {
            bytes[i] = (byte)(milliseconds >> (8 * (5 - i)));
        }

        return new Guid(bytes, bigEndian: true);
    }

    /// <summary>
    /// One batch of consent chains, in one transaction: up to <paramref name="limit"/> (program, number) chains
    /// whose every event happened and was recorded before <paramref name="before"/>, each locked as the ledger's
    /// insert trigger locks it (so no event can join a chain while it goes), then deleted whole as
    /// <see cref="ConsentPurgeRole"/> unless an event has joined it meanwhile. A kept chain keeps its start, so its
    /// export still verifies.
    /// </summary>
    private static async Task<(long Rows, bool Full)> DeleteConsentChainsAsync(
        NpgsqlConnection connection, DateTimeOffset before, int limit, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var programs = new List<string>();
        var phones = new List<string>();
        await using (var find = new NpgsqlCommand(FindExpiredChains, connection, transaction))
        {
            find.Parameters.Add(new NpgsqlParameter { Value = before });
            find.Parameters.Add(new NpgsqlParameter { Value = limit });
            await using var reader = await find.ExecuteReaderAsync(cancellationToken);
            var (program, phone) = (reader.GetOrdinal("program"), reader.GetOrdinal("phone"));
            while (await reader.ReadAsync(cancellationToken))
            {
                programs.Add(reader.GetString(program));
                phones.Add(reader.GetString(phone));
            }
        }

        if (programs.Count == 0)
        {
            await transaction.CommitAsync(cancellationToken);
            return (0, false);
        }

        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(Core.Data.SqlCommands.Batch(LockChains, programs.ToArray(), phones.ToArray()));
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"SET LOCAL ROLE {ConsentPurgeRole}"));
        var delete = Core.Data.SqlCommands.Batch(DeleteChains, programs.ToArray(), phones.ToArray(), before);
        batch.BatchCommands.Add(delete);
        await batch.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (delete.RecordsAffected, programs.Count >= limit);
    }

    // Settled messages past Retention:Messages, oldest first by the primary key (UUIDv7 ids ascend with creation
    // time; created_at decides). Their events and attempts go with them (ON DELETE CASCADE, by their message_id
    // indexes); the statement trigger marks their days for the report's rollups to be recomputed.
    private const string DeleteMessages = """
        DELETE FROM messages
        WHERE id IN (
            SELECT id FROM messages
            WHERE id < $1 AND created_at < $2 AND status = ANY($3) AND fallback_status IS DISTINCT FROM $4
            ORDER BY id
            LIMIT $5
            FOR UPDATE SKIP LOCKED)
        """;

    // Bodies of settled messages (final status and final time both before the cut-off), never one whose fallback is
    // pending (the email is sent from the body). The partial index ix_messages_retention_body holds exactly the
    // messages that still have a body, by creation time, so a batch reads only candidates.
    private const string ClearMessageBodies = """
        UPDATE messages SET body = ''
        WHERE id IN (
            SELECT id FROM messages
            WHERE body <> '' AND created_at < $1 AND final_at < $1 AND status = ANY($2)
              AND fallback_status IS DISTINCT FROM $3
            ORDER BY created_at
            LIMIT $4
            FOR UPDATE SKIP LOCKED)
        """;

    // Bodies of inbound messages no consent event names as its evidence (ix_consent_events_inbound_message_sid).
    private const string ClearInboundBodies = """
        UPDATE inbound_messages SET body = ''
        WHERE message_sid IN (
            SELECT i.message_sid FROM inbound_messages i
            WHERE i.body <> '' AND i.received_at < $1
              AND NOT EXISTS (SELECT 1 FROM consent_events c WHERE c.inbound_message_sid = i.message_sid)
            ORDER BY i.received_at
            LIMIT $2
            FOR UPDATE SKIP LOCKED)
        """;

    // Only keys that have expired too: the API honours a key until its expiry, whatever the setting says.
    private const string DeleteIdempotencyKeys = """
        DELETE FROM idempotency_keys
        WHERE (app_id, key) IN (
            SELECT app_id, key FROM idempotency_keys
            WHERE expires_at <= $2 AND created_at < $1
            ORDER BY expires_at
            LIMIT $3
            FOR UPDATE SKIP LOCKED)
        """;

    // The newest heartbeat stays whatever its age: an api starting after every process was down dates the
    // callback gap from it.
    private const string DeleteHeartbeats = """
        DELETE FROM api_heartbeats
        WHERE instance_id IN (
            SELECT instance_id FROM api_heartbeats
            WHERE beat_at < $1
              AND instance_id <> (SELECT instance_id FROM api_heartbeats ORDER BY beat_at DESC LIMIT 1)
            LIMIT $2)
        """;

    // Settled gaps only: an open one is still to be reconciled.
    private const string DeleteCallbackGaps = """
        DELETE FROM callback_gaps
        WHERE id IN (SELECT id FROM callback_gaps WHERE settled_at IS NOT NULL AND ended_at < $1 LIMIT $2)
        """;

    // Chains with an old event (ix_consent_events_recorded_at) and no young one (ix_consent_events_program_phone_id).
    private const string FindExpiredChains = """
        SELECT DISTINCT e.program, e.phone FROM consent_events e
        WHERE e.recorded_at < $1 AND e.occurred_at < $1
          AND NOT EXISTS (
              SELECT 1 FROM consent_events y
              WHERE y.program = e.program AND y.phone = e.phone AND (y.recorded_at >= $1 OR y.occurred_at >= $1))
        ORDER BY e.program, e.phone
        LIMIT $2
        """;

    // The insert trigger's lock (consent_events_chain), in one order.
    private const string LockChains = """
        SELECT count(pg_advisory_xact_lock(hashtextextended('consent_events:' || c.program || ':' || c.phone, 0)))
        FROM unnest($1::text[], $2::text[]) AS c(program, phone)
        """;

    private const string DeleteChains = """
        DELETE FROM consent_events e
        USING unnest($1::text[], $2::text[]) AS c(program, phone)
        WHERE e.program = c.program AND e.phone = c.phone
          AND NOT EXISTS (
              SELECT 1 FROM consent_events y
              WHERE y.program = c.program AND y.phone = c.phone AND (y.recorded_at >= $3 OR y.occurred_at >= $3))
        """;

    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Retention purge: {Table}, {Rows} rows in {Batches} batches, {ElapsedMs} ms")]
    private static partial void LogTablePurged(ILogger logger, string table, long rows, int batches, long elapsedMs);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Information, Message = "Retention purge stopped at its budget of {Budget} in {Table}; the next run goes on")]
    private static partial void LogBudgetSpent(ILogger logger, TimeSpan budget, string table);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Information, Message = "Retention purge run: {Rows} rows in {ElapsedMs} ms, finished {Finished}")]
    private static partial void LogRunFinished(ILogger logger, long rows, long elapsedMs, bool finished);
}
