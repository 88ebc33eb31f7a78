using Notifications.Api.Auth;
using Notifications.Core.Data;
using Notifications.Core.Hosting;
using Notifications.Core.Messages;
using Npgsql;

namespace Notifications.Api.Messages;

/// <summary>
/// Accepts messages by group commit: the requests that arrive together are written in one
/// transaction with a fixed number of statements (advisory locks and stored responses for their
/// idempotency keys, the keys, one multi-row insert of every message), and each request is answered
/// once that transaction has committed. A request's outbox rows and its idempotency record therefore
/// always commit together. The worker is notified after the commit (see <see cref="OutboxSignal"/>).
/// Never calls Twilio.
/// <para>
/// An app with a daily segment limit is charged in the same transaction: its counter row for the UTC day
/// (<c>segment_budgets</c>) is locked, the requests' messages are taken in order while they fit, and the
/// new total is written with the messages. The row lock makes the count exact across API replicas; the
/// counter commits or rolls back with the messages it counts; and an idempotent replay is answered from its
/// key before any charge, so it never counts twice. Apps without a limit take no lock and no round trip more.
/// </para>
/// </summary>
public sealed class MessageAcceptor(
    NpgsqlDataSource dataSource, OutboxSignal signal, OptInOverrideAudit overrides, TimeProvider time, ILogger<MessageAcceptor> logger)
    : GroupCommit<AcceptRequest, AcceptOutcome>(logger, time)
{
    /// <summary>How long an idempotency key is remembered. The contract promises at least 24 hours.</summary>
    public static readonly TimeSpan KeyLifetime = TimeSpan.FromHours(25);

    private const string InsertMessages = """
        INSERT INTO messages (id, app_id, program, "to", country, body, purpose, status, fallback_email, email_subject, override_opt_in,
                              reference, due_at, created_at, updated_at, trace_parent, encoding, segments, valid_until)
        SELECT id, app_id, program, "to", country, body, purpose, status, fallback_email, email_subject, override_opt_in,
               reference, due_at, $2, $2, trace_parent, encoding, segments, valid_until
        FROM unnest($1::uuid[], $3::text[], $17::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::boolean[],
                    $11::text[], $12::timestamptz[], $13::text[], $15::text[], $16::int[], $14::text[], $18::timestamptz[])
            AS m(id, app_id, program, "to", country, body, purpose, fallback_email, email_subject, override_opt_in, reference, due_at, trace_parent,
                 encoding, segments, status, valid_until)
        """;

    /// <summary>Messages written in one transaction at most (a larger request still goes alone).</summary>
    protected override int MaxGroupWeight => 5_000;

    protected override int Weight(AcceptRequest item) => Math.Max(1, item.Messages.Count);

    protected override async Task<IReadOnlyList<AcceptOutcome>> ApplyAsync(IReadOnlyList<AcceptRequest> items, CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow();
        var outcomes = new AcceptOutcome?[items.Count];
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);

        // Without idempotency keys the group is one batch (the INSERT, and the override audit entries if any),
        // atomic on its own as Npgsql runs a batch in one implicit transaction: no BEGIN/COMMIT round trip.
        await using var transaction = items.Any(i => i.Idempotency is not null || IsBudgeted(i))
            ? await connection.BeginTransactionAsync(cancellationToken)
            : null;
        await SettleKeysAsync(connection, items, outcomes, now, cancellationToken);

        // Replays and keys in flight are settled above: they are never charged.
        var admitted = items.Select(i => i.Messages).ToArray();
        var charge = await ChargeBudgetsAsync(connection, items, outcomes, admitted, DateOnly.FromDateTime(now.UtcDateTime), cancellationToken);
        var responses = new StoredResponse?[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            if (outcomes[i] is null && (responses[i] = items[i].Respond(admitted[i])) is null)
            {
                outcomes[i] = AcceptOutcome.OverBudget;
            }
        }

        var accepted = Enumerable.Range(0, items.Count).Where(i => outcomes[i] is null).ToList();
        await using (var batch = new NpgsqlBatch(connection))
        {
            var newKeys = accepted.Where(i => items[i].Idempotency is not null).Select(i => (items[i], responses[i]!)).ToList();
            if (newKeys.Count > 0)
            {
                batch.BatchCommands.Add(InsertKeys(newKeys, now));
            }

            if (charge is not null)
            {
                batch.BatchCommands.Add(charge);
            }

            var messages = accepted.SelectMany(i => admitted[i]).ToList();
            if (messages.Count > 0)
            {
                batch.BatchCommands.Add(InsertMessagesCommand(messages, now));
                if (OptInOverrideAudit.TimelineEntries(messages, now) is { Count: > 0 } audit)
                {
                    batch.BatchCommands.Add(MessageEventRows.Command(audit));
                }

                if (ScheduledEntries(messages, now) is { Count: > 0 } scheduled)
                {
                    batch.BatchCommands.Add(MessageEventRows.Command(scheduled));
                }
            }

            if (batch.BatchCommands.Count > 0)
            {
                await batch.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }

        if (accepted.Any(i => admitted[i].Count > 0))
        {
            signal.Raise();
            overrides.Accepted(accepted.SelectMany(i => admitted[i]));
        }

        return Enumerable.Range(0, items.Count).Select(i => outcomes[i] ?? AcceptOutcome.Accepted(responses[i]!)).ToList();
    }

    private static bool IsBudgeted(AcceptRequest request) => request.DailySegmentLimit is not null && request.Messages.Count > 0;

    /// <summary>
    /// For the requests still to be accepted whose app has a daily segment limit: creates and locks the apps'
    /// counter rows for <paramref name="day"/> (in app order, so two groups never deadlock), then admits each
    /// request's messages in order while they fit (a message that does not fit is left out; a shorter one after
    /// it may still fit). Sets <paramref name="admitted"/> for those requests and returns the statement that
    /// writes the new totals (null when no app in the group has a limit).
    /// </summary>
    private static async Task<NpgsqlBatchCommand?> ChargeBudgetsAsync(
        NpgsqlConnection connection, IReadOnlyList<AcceptRequest> items, AcceptOutcome?[] outcomes, IReadOnlyList<Message>[] admitted, DateOnly day,
        CancellationToken cancellationToken)
    {
        var budgeted = Enumerable.Range(0, items.Count).Where(i => outcomes[i] is null && IsBudgeted(items[i])).ToList();
        if (budgeted.Count == 0)
        {
            return null;
        }

        var apps = budgeted.Select(i => items[i].AppId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var used = new Dictionary<string, long>(StringComparer.Ordinal);
        await using (var batch = new NpgsqlBatch(connection))
        {
            batch.BatchCommands.Add(SqlCommands.Batch("""
                INSERT INTO segment_budgets (app_id, day, segments) SELECT app_id, $2, 0 FROM unnest($1::text[]) AS a(app_id)
                ON CONFLICT (app_id, day) DO NOTHING
                """, apps, day));
            batch.BatchCommands.Add(SqlCommands.Batch("""
                SELECT app_id, segments FROM segment_budgets WHERE day = $2 AND app_id = ANY($1) ORDER BY app_id FOR UPDATE
                """, apps, day));
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            var (app, segments) = (reader.GetOrdinal("app_id"), reader.GetOrdinal("segments"));
            while (await reader.ReadAsync(cancellationToken))
            {
                used[reader.GetString(app)] = reader.GetInt64(segments);
            }
        }

        foreach (var i in budgeted)
        {
            var limit = items[i].DailySegmentLimit!.Value;
            var total = used[items[i].AppId];
            var fits = new List<Message>(items[i].Messages.Count);
            foreach (var message in items[i].Messages)
            {
                var cost = message.Segments ?? 1;
                if (total + cost <= limit)
                {
                    fits.Add(message);
                    total += cost;
                }
            }

            used[items[i].AppId] = total;
            admitted[i] = fits;
        }

        return SqlCommands.Batch("""
            UPDATE segment_budgets b SET segments = u.segments FROM unnest($1::text[], $3::bigint[]) AS u(app_id, segments)
            WHERE b.day = $2 AND b.app_id = u.app_id
            """, apps, day, apps.Select(a => used[a]).ToArray());
    }

    /// <summary>
    /// For the requests with an idempotency key: takes each key's transaction-scoped advisory lock
    /// (held until commit, so a concurrent request with the same key is told the first is in flight),
    /// then reads what is stored under the keys. Two statements (the read must see whatever committed
    /// before the locks were granted), one round trip. Sets the outcome of every request that is not
    /// to be accepted.
    /// </summary>
    private static async Task SettleKeysAsync(
        NpgsqlConnection connection, IReadOnlyList<AcceptRequest> items, AcceptOutcome?[] outcomes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var first = new Dictionary<(string App, string Key), int>();
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i].Idempotency is { } idempotency && !first.TryAdd((items[i].AppId, idempotency.Key), i))
            {
                outcomes[i] = AcceptOutcome.InFlight; // the same key twice in this group: the first one is in flight
            }
        }

        if (first.Count == 0)
        {
            return;
        }

        var apps = first.Keys.Select(k => k.App).ToArray();
        var keys = first.Keys.Select(k => k.Key).ToArray();
        await using var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(SqlCommands.Batch("""
            SELECT k.app, k.key FROM unnest($1::text[], $2::text[]) AS k(app, key)
            WHERE NOT pg_try_advisory_xact_lock(hashtextextended(k.app || E'\n' || k.key, 0))
            """, apps, keys));
        batch.BatchCommands.Add(SqlCommands.Batch("""
            SELECT app_id, key, request_hash, response_status, response_body, response_location, created_at, expires_at
            FROM idempotency_keys WHERE (app_id, key) IN (SELECT * FROM unnest($1::text[], $2::text[]))
            """, apps, keys));
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var locked = new HashSet<(string, string)>(first.Keys);
        var (busyApp, busyKey) = (reader.GetOrdinal("app"), reader.GetOrdinal("key"));
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = (reader.GetString(busyApp), reader.GetString(busyKey));
            locked.Remove(key);
            outcomes[first[key]] = AcceptOutcome.InFlight;
        }

        await reader.NextResultAsync(cancellationToken);
        var column = (
            AppId: reader.GetOrdinal("app_id"), Key: reader.GetOrdinal("key"), RequestHash: reader.GetOrdinal("request_hash"),
            ResponseStatus: reader.GetOrdinal("response_status"), ResponseBody: reader.GetOrdinal("response_body"),
            ResponseLocation: reader.GetOrdinal("response_location"), CreatedAt: reader.GetOrdinal("created_at"), ExpiresAt: reader.GetOrdinal("expires_at"));
        while (await reader.ReadAsync(cancellationToken))
        {
            var key = (reader.GetString(column.AppId), reader.GetString(column.Key));
            var stored = new IdempotencyRecord
            {
                AppId = key.Item1,
                Key = key.Item2,
                RequestHash = reader.GetString(column.RequestHash),
                ResponseStatus = reader.GetInt32(column.ResponseStatus),
                ResponseBody = reader.GetString(column.ResponseBody),
                ResponseLocation = reader.GetNullableString(column.ResponseLocation),
                CreatedAt = reader.GetFieldValue<DateTimeOffset>(column.CreatedAt),
                ExpiresAt = reader.GetFieldValue<DateTimeOffset>(column.ExpiresAt),
            };
            var index = first[key];
            if (locked.Contains(key) && stored.ExpiresAt > now)
            {
                outcomes[index] = stored.RequestHash == items[index].Idempotency!.RequestHash
                    ? AcceptOutcome.Replay(stored)
                    : AcceptOutcome.KeyReused;
            }
        }
    }

    /// <summary>The timeline entry of each message accepted with a future <c>sendAt</c> (stored <c>scheduled</c>).</summary>
    private static List<MessageEvent> ScheduledEntries(IReadOnlyList<Message> messages, DateTimeOffset now) =>
        messages.Where(m => m.Status == MessageStatus.Scheduled).Select(m => new MessageEvent
        {
            MessageId = m.Id, At = now, Type = MessageEventType.Scheduled, Status = m.Status, Detail = $"sendAt: scheduled for {m.DueAt:O}",
        }).ToList();

    /// <summary>New keys; an expired record under the same key is replaced.</summary>
    private static NpgsqlBatchCommand InsertKeys(IReadOnlyList<(AcceptRequest Request, StoredResponse Response)> keys, DateTimeOffset now) => SqlCommands.Batch("""
        INSERT INTO idempotency_keys (app_id, key, request_hash, response_status, response_body, response_location, created_at, expires_at)
        SELECT app_id, key, request_hash, response_status, response_body, response_location, $7, $8
        FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::text[], $6::text[])
            AS k(app_id, key, request_hash, response_status, response_body, response_location)
        ON CONFLICT (app_id, key) DO UPDATE SET
            request_hash = EXCLUDED.request_hash, response_status = EXCLUDED.response_status, response_body = EXCLUDED.response_body,
            response_location = EXCLUDED.response_location, created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at
        """,
        keys.Select(k => k.Request.AppId).ToArray(), keys.Select(k => k.Request.Idempotency!.Key).ToArray(),
        keys.Select(k => k.Request.Idempotency!.RequestHash).ToArray(), keys.Select(k => k.Response.Status).ToArray(),
        keys.Select(k => k.Response.Body).ToArray(), keys.Select(k => k.Response.Location).ToArray(), now, now + KeyLifetime);

    private static NpgsqlBatchCommand InsertMessagesCommand(IReadOnlyList<Message> messages, DateTimeOffset now) => SqlCommands.Batch(InsertMessages,
        messages.Select(m => m.Id).ToArray(), now, messages.Select(m => m.AppId).ToArray(),
        messages.Select(m => m.To).ToArray(), messages.Select(m => m.Country).ToArray(), messages.Select(m => m.Body).ToArray(),
        messages.Select(m => m.Purpose).ToArray(), messages.Select(m => m.FallbackEmail).ToArray(),
        messages.Select(m => m.EmailSubject).ToArray(), messages.Select(m => m.OverrideOptIn).ToArray(),
        messages.Select(m => m.Reference).ToArray(), messages.Select(m => m.DueAt).ToArray(), messages.Select(m => m.TraceParent).ToArray(),
        messages.Select(m => m.Status).ToArray(), messages.Select(m => m.Encoding).ToArray(), messages.Select(m => m.Segments).ToArray(),
        messages.Select(m => m.Program).ToArray(), messages.Select(m => m.ValidUntil).ToArray());
}
