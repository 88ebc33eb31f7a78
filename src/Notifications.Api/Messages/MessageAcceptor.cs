using Notifications.Core.Messages;
using Npgsql;

namespace Notifications.Api.Messages;

/// <summary>
/// Accepts messages in one short transaction: the outbox rows (one multi-row insert, whatever the
/// batch size) and the idempotency record commit together, and the worker is notified after the commit
/// (see <see cref="OutboxSignal"/>).
/// Without an idempotency key that is a single round trip. Never calls Twilio.
/// </summary>
internal sealed class MessageAcceptor(NpgsqlDataSource dataSource, OutboxSignal signal, TimeProvider time)
{
    /// <summary>How long an idempotency key is remembered. The contract promises at least 24 hours.</summary>
    public static readonly TimeSpan KeyLifetime = TimeSpan.FromHours(25);

    private const string InsertMessages = """
        INSERT INTO messages (id, app_id, "to", country, body, purpose, status, fallback_email, email_subject, override_opt_in,
                              reference, due_at, created_at, updated_at, trace_parent)
        SELECT id, $2, "to", country, body, purpose, 'accepted', fallback_email, email_subject, override_opt_in,
               reference, due_at, $3, $3, trace_parent
        FROM unnest($1::uuid[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::boolean[],
                    $11::text[], $12::timestamptz[], $13::text[])
            AS m(id, "to", country, body, purpose, fallback_email, email_subject, override_opt_in, reference, due_at, trace_parent)
        """;

    public async Task<AcceptOutcome> AcceptAsync(
        string appId, IdempotencyRequest? idempotency, IReadOnlyList<Message> messages, StoredResponse response, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (idempotency is null)
        {
            // One round trip: a batch without an explicit transaction runs as one implicit transaction.
            await using var batch = new NpgsqlBatch(connection);
            AddInsert(batch, appId, messages, now);
            await batch.ExecuteNonQueryAsync(cancellationToken);
            Signal(messages);
            return AcceptOutcome.Accepted;
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var (locked, existing) = await LockKeyAsync(connection, appId, idempotency.Key, cancellationToken);
        if (!locked)
        {
            // Held by a transaction still running: the first request with this key is in flight.
            return AcceptOutcome.InFlight;
        }

        if (existing is not null && existing.ExpiresAt > now)
        {
            return existing.RequestHash == idempotency.RequestHash ? AcceptOutcome.Replay(existing) : AcceptOutcome.KeyReused;
        }

        await using (var batch = new NpgsqlBatch(connection, transaction))
        {
            batch.BatchCommands.Add(Command("""
                INSERT INTO idempotency_keys (app_id, key, request_hash, response_status, response_body, response_location, created_at, expires_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                ON CONFLICT (app_id, key) DO UPDATE SET
                    request_hash = EXCLUDED.request_hash, response_status = EXCLUDED.response_status, response_body = EXCLUDED.response_body,
                    response_location = EXCLUDED.response_location, created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at
                """, appId, idempotency.Key, idempotency.RequestHash, response.Status, response.Body,
                (object?)response.Location ?? DBNull.Value, now, now + KeyLifetime));
            AddInsert(batch, appId, messages, now);
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        Signal(messages);
        return AcceptOutcome.Accepted;
    }

    /// <summary>
    /// Takes the key's transaction-scoped advisory lock, then reads what is stored under the key: two
    /// statements (the read must see whatever committed before the lock was granted), one round trip.
    /// </summary>
    private static async Task<(bool Locked, IdempotencyRecord? Existing)> LockKeyAsync(
        NpgsqlConnection connection, string appId, string key, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(Command("SELECT pg_try_advisory_xact_lock(hashtextextended($1 || E'\\n' || $2, 0))", appId, key));
        batch.BatchCommands.Add(Command("""
            SELECT request_hash, response_status, response_body, response_location, created_at, expires_at
            FROM idempotency_keys WHERE app_id = $1 AND key = $2
            """, appId, key));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        if (!reader.GetBoolean(0))
        {
            return (false, null);
        }

        await reader.NextResultAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return (true, null);
        }

        return (true, new IdempotencyRecord
        {
            AppId = appId,
            Key = key,
            RequestHash = reader.GetString(0),
            ResponseStatus = reader.GetInt32(1),
            ResponseBody = reader.GetString(2),
            ResponseLocation = reader.IsDBNull(3) ? null : reader.GetString(3),
            CreatedAt = reader.GetFieldValue<DateTimeOffset>(4),
            ExpiresAt = reader.GetFieldValue<DateTimeOffset>(5),
        });
    }

    private static void AddInsert(NpgsqlBatch batch, string appId, IReadOnlyList<Message> messages, DateTimeOffset now)
    {
        if (messages.Count == 0)
        {
            return;
        }

        batch.BatchCommands.Add(Command(InsertMessages,
            messages.Select(m => m.Id).ToArray(), appId, now,
            messages.Select(m => m.To).ToArray(), messages.Select(m => m.Country).ToArray(), messages.Select(m => m.Body).ToArray(),
            messages.Select(m => m.Purpose).ToArray(), messages.Select(m => m.FallbackEmail).ToArray(),
            messages.Select(m => m.EmailSubject).ToArray(), messages.Select(m => m.OverrideOptIn).ToArray(),
            messages.Select(m => m.Reference).ToArray(), messages.Select(m => m.DueAt).ToArray(), messages.Select(m => m.TraceParent).ToArray()));
    }

    private void Signal(IReadOnlyList<Message> messages)
    {
        if (messages.Count > 0)
        {
            signal.Raise();
        }
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
}

internal sealed record IdempotencyRequest(string Key, string RequestHash);

internal sealed record StoredResponse(int Status, string Body, string? Location);

internal sealed record AcceptOutcome(string Kind, IdempotencyRecord? Previous = null)
{
    public static readonly AcceptOutcome Accepted = new("accepted");
    public static readonly AcceptOutcome InFlight = new("in_flight");
    public static readonly AcceptOutcome KeyReused = new("key_reused");

    public static AcceptOutcome Replay(IdempotencyRecord previous) => new("replay", previous);
}
