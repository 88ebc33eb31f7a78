using System.Diagnostics;
using System.Globalization;
using Notifications.Core.Messages;
using Notifications.Core.Reporting;
using Notifications.Core.Sms;
using Npgsql;
using NpgsqlTypes;

namespace Notifications.Benchmarks;

/// <summary>
/// Seeds a year of history before a benchmark: N final messages spread over the last 12 months (up to the start of
/// today), with their timelines (message_events) and attempts (message_attempts), written by binary COPY in chunks,
/// the three tables on three connections at once. Statuses, error codes, senders, countries, fallbacks and times to
/// delivery follow a realistic mix. Triggers and foreign-key checks are off for the load (session_replication_role);
/// on an empty database the secondary indexes are dropped first and built once at the end (far cheaper than
/// maintaining them row by row). Then VACUUM (ANALYZE), as a year-old database's history has been vacuumed, and the report's rollups are computed by the same code as the worker's
/// job (<see cref="DailyStats.RollUpAsync"/>), sealing every seeded day; then a CHECKPOINT.
/// </summary>
internal static class HistorySeeder
{
    private const int ChunkSize = 50_000;

    /// <summary>
    /// How full the history's message pages are loaded. A page of a table in use for a year is never left with room
    /// for a new row under the table's fillfactor (70): inserts take such room as soon as VACUUM reports it. Loaded at
    /// that fillfactor, with rows in their final size, most pages would keep just room for one more row, so every
    /// insert of the measured run would land on a different page of the whole table, a layout no deployment has. At 75,
    /// each page keeps at most 25 % plus less than one row free: no room for a row under 70 %.
    /// </summary>
    private const int HistoryFillfactor = 75;

    /// <summary>When reconciliation gives up on a receipt (<c>Reconciliation:NoReceiptAfter</c>, its default).</summary>
    private static readonly TimeSpan NoReceiptAfter = new Notifications.Worker.Dispatch.ReconciliationOptions().NoReceiptAfter;
    private static readonly string[] Tables = ["messages", "message_events", "message_attempts"];

    private static readonly (string Country, string Sender, string Kind, double Share)[] Routes =
    [
        ("US", "+15005550006", SenderKind.LongCode, 0.40), ("US", "+15005550007", SenderKind.LongCode, 0.20),
        ("CA", "+16135550100", SenderKind.LongCode, 0.08), ("GB", "AcmeAlerts", SenderKind.Alphanumeric, 0.10),
        ("IN", "ACMEIN", SenderKind.Alphanumeric, 0.08), ("NG", "AcmeNG", SenderKind.Alphanumeric, 0.05),
        ("KE", "AcmeKE", SenderKind.Alphanumeric, 0.04), ("ZA", "AcmeZA", SenderKind.Alphanumeric, 0.05),
    ];

    private static readonly int[] UndeliveredCodes = [30003, 30003, 30005, 30006, 30006, 30007, 30008];
    private static readonly int[] FailedCodes = [21211, 21612, 21614, 30034, 30007];

    /// <summary>Seeds <paramref name="count"/> messages of <paramref name="appId"/>; returns their ids' sample for look-ups.</summary>
    public static async Task<Guid[]> SeedAsync(string database, int count, string appId)
    {
        _ = appId;
        var clock = Stopwatch.StartNew();
        var end = new DateTimeOffset(DateTime.UtcNow.Date, TimeSpan.Zero).AddHours(-1);
        var start = end.AddDays(-365);
        var connections = new NpgsqlConnection[3];
        for (var i = 0; i < connections.Length; i++)
        {
            connections[i] = new NpgsqlConnection(database);
            await connections[i].OpenAsync();
            await ExecuteAsync(connections[i], "SET session_replication_role = replica");
        }

        try
        {
            var indexes = await DropIndexesIfEmptyAsync(connections[0]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"History: {count:N0} messages over {start:yyyy-MM-dd}..{end:yyyy-MM-dd} ({indexes.Count} secondary indexes deferred)"));
            var sample = new List<Guid>();
            var fillfactor = await ScalarAsync<string>(connections[0], """
                SELECT coalesce((SELECT option_value FROM pg_options_to_table(reloptions) WHERE option_name = 'fillfactor'), '100')
                FROM pg_class WHERE oid = 'messages'::regclass
                """);
            await ExecuteAsync(connections[0], $"ALTER TABLE messages SET (fillfactor = {HistoryFillfactor})");
            var rows = await CopyAsync(connections, count, start, end, 0, sample, clock);
            await ExecuteAsync(connections[0], $"ALTER TABLE messages SET (fillfactor = {fillfactor})");

            var loaded = clock.Elapsed;
            await ExecuteAsync(connections[0], "SET maintenance_work_mem = '512MB'");
            foreach (var (name, definition) in indexes)
            {
                await ExecuteAsync(connections[0], definition);
            }

            var indexed = clock.Elapsed;
            // A year-old database has had its history vacuumed long ago (hint bits set, pages all-visible). Left to
            // autovacuum, the freshly loaded tables (gigabytes at 10 million messages) would be read and rewritten
            // during the measured phases.
            await ExecuteAsync(connections[0], "VACUUM (ANALYZE) messages, message_events, message_attempts");
            var vacuumed = clock.Elapsed;
            await ExecuteAsync(connections[0], "SET session_replication_role = origin");
            var days = Enumerable.Range(0, (int)(end - start).TotalDays + 2).Select(d => DateOnly.FromDateTime(start.UtcDateTime).AddDays(d))
                .Where(d => d < DateOnly.FromDateTime(DateTime.UtcNow)).ToArray();
            foreach (var month in days.Chunk(DailyStats.MaxDaysPerTransaction))
            {
                await using var transaction = await connections[0].BeginTransactionAsync();
                await DailyStats.RollUpAsync(connections[0], transaction, month, CancellationToken.None);
                await transaction.CommitAsync();
            }

            var rolledUp = clock.Elapsed;
            // A year-old database's history is on disk long ago: what the load left to the next checkpoint is written and
            // synced now rather than during the measured phases (1.5–1.8 s at 10 million messages: COPY and the index
            // builds write most of it themselves).
            await ExecuteAsync(connections[0], "CHECKPOINT");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
                History seeded: {count:N0} messages, {rows:N0} rows in {loaded.TotalSeconds:N1} s ({rows / loaded.TotalSeconds:N0} rows/s, {count / loaded.TotalSeconds:N0} messages/s by COPY);
                  indexes built in {(indexed - loaded).TotalSeconds:N1} s, VACUUM (ANALYZE) in {(vacuumed - indexed).TotalSeconds:N1} s, rollups of {days.Length} days in {(rolledUp - vacuumed).TotalSeconds:N1} s, CHECKPOINT in {(clock.Elapsed - rolledUp).TotalSeconds:N1} s; {clock.Elapsed.TotalSeconds:N1} s in all
                """));
            return [.. sample];
        }
        finally
        {
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Adds <paramref name="count"/> of today's messages of the app <c>bench</c>, created over the <paramref name="spread"/>
    /// before now, with their timelines and attempts, in their final state like the history's; then rewrites each row
    /// <paramref name="updates"/> times (as the send path's claims, hand-over and callbacks do), so that the rows carry
    /// the dead versions a busy day leaves behind, and ANALYZE. Today's rows fire no report trigger (they were created
    /// today), so the load runs with triggers on.
    /// </summary>
    public static async Task SeedTodayAsync(string database, int count, TimeSpan spread, int updates)
    {
        var clock = Stopwatch.StartNew();
        var end = DateTimeOffset.UtcNow;
        var start = end - spread;
        var connections = new NpgsqlConnection[3];
        for (var i = 0; i < connections.Length; i++)
        {
            connections[i] = new NpgsqlConnection(database);
            await connections[i].OpenAsync();
            await ExecuteAsync(connections[i], "SET session_replication_role = replica");
        }

        try
        {
            var rows = await CopyAsync(connections, count, start, end, 100_000_000, [], clock);
            await ExecuteAsync(connections[0], "SET session_replication_role = origin");
            await using (var churn = new NpgsqlCommand("UPDATE messages SET updated_at = updated_at WHERE app_id = 'bench' AND created_at >= $1", connections[0])
            {
                CommandTimeout = 3_600,
                Parameters = { new() { Value = start } },
            })
            {
                for (var i = 0; i < updates; i++)
                {
                    await churn.ExecuteNonQueryAsync();
                }
            }

            await ExecuteAsync(connections[0], "ANALYZE messages, message_events, message_attempts");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Today: {count:N0} messages ({rows:N0} rows) over {start:HH:mm:ss}..{end:HH:mm:ss} UTC, each rewritten {updates} times, in {clock.Elapsed.TotalSeconds:N1} s"));
        }
        finally
        {
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }
        }
    }

    /// <summary>
    /// Copies <paramref name="count"/> messages created over [<paramref name="start"/>, <paramref name="end"/>) with their
    /// events and attempts, a chunk at a time on the three connections at once; <paramref name="serialOffset"/> keeps
    /// their numbers and provider ids apart from another load's. Returns the rows written.
    /// </summary>
    private static async Task<long> CopyAsync(
        NpgsqlConnection[] connections, int count, DateTimeOffset start, DateTimeOffset end, int serialOffset, List<Guid> sample, Stopwatch clock)
    {
        long rows = 0;
        for (var first = 0; first < count; first += ChunkSize)
        {
            var chunk = Generate(first, Math.Min(ChunkSize, count - first), count, start, end, serialOffset);
            await Task.WhenAll(
                CopyMessagesAsync(connections[0], chunk),
                CopyEventsAsync(connections[1], chunk),
                CopyAttemptsAsync(connections[2], chunk));
            rows += chunk.Count + chunk.Sum(m => m.Events) + chunk.Sum(m => m.AttemptCount);
            sample.AddRange(chunk.Where((_, i) => i % 100 == 0).Select(m => m.Id));
            var done = first + chunk.Count;
            if (done % 1_000_000 < ChunkSize || done == count)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {done,12:N0} messages, {rows,12:N0} rows, {rows / clock.Elapsed.TotalSeconds,10:N0} rows/s"));
            }
        }

        return rows;
    }

    /// <summary>
    /// Drops the secondary indexes of the three tables when they hold no row (a fresh benchmark database); returns
    /// their definitions to build them again, the same, after the load. Primary keys stay.
    /// </summary>
    private static async Task<List<(string Name, string Definition)>> DropIndexesIfEmptyAsync(NpgsqlConnection connection)
    {
        await using (var any = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM messages)", connection))
        {
            if ((bool)(await any.ExecuteScalarAsync())!)
            {
                return [];
            }
        }

        var indexes = new List<(string, string)>();
        await using (var find = new NpgsqlCommand("""
            SELECT i.indexrelid::regclass::text AS name, pg_get_indexdef(i.indexrelid) AS definition
            FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
            WHERE t.relname = ANY($1) AND t.relnamespace = 'public'::regnamespace AND NOT i.indisprimary
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
            """, connection) { Parameters = { new() { Value = Tables } } })
        {
            await using var reader = await find.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                indexes.Add((reader.GetString(reader.GetOrdinal("name")), reader.GetString(reader.GetOrdinal("definition"))));
            }
        }

        foreach (var (name, _) in indexes)
        {
            await ExecuteAsync(connection, $"DROP INDEX {name}");
        }

        return indexes;
    }

    private sealed record SeedMessage(
        Guid Id, string To, int Route, string Status, bool Marketing, DateTimeOffset Created, DateTimeOffset? HandedOver,
        DateTimeOffset? Sent, DateTimeOffset? Final, int Attempts, int? ErrorCode, string? FallbackStatus, bool Confirmed, string Sid, bool Recent)
    {
        public bool Blocked => HandedOver is null;

        public int Events => Blocked ? 2 : 3 + (Final is null ? 0 : 1) + (FallbackStatus is null ? 0 : 1) + (Attempts > 1 ? 1 : 0);

        public int AttemptCount => Blocked ? 0 : Attempts;
    }

    private static List<SeedMessage> Generate(int first, int size, int total, DateTimeOffset start, DateTimeOffset end, int serialOffset)
    {
        var random = new Random(first + serialOffset);
        var span = (end - start).Ticks;
        var recent = end.AddDays(-30);
        var messages = new List<SeedMessage>(size);
        for (var n = first; n < first + size; n++)
        {
            var created = start.AddTicks((long)((double)n / total * span) + random.NextInt64(0, TimeSpan.TicksPerSecond));
            var route = PickRoute(random.NextDouble());
            var roll = random.NextDouble();
            var status = roll switch
            {
                < 0.86 => MessageStatus.Delivered,
                < 0.91 => MessageStatus.Undelivered,
                < 0.94 => MessageStatus.Failed,
                < 0.965 => MessageStatus.Sent,
                < 0.975 => MessageStatus.Expired,
                < 0.985 => MessageStatus.Suppressed,
                _ => MessageStatus.NoConsent,
            };
            var blocked = status is MessageStatus.Suppressed or MessageStatus.NoConsent or MessageStatus.Expired;
            var attempts = blocked ? 0 : random.NextDouble() < 0.04 ? 2 : 1;
            var handedOver = blocked ? (DateTimeOffset?)null : created.AddMilliseconds(150 + random.Next(0, 2_500));
            var sent = handedOver?.AddMilliseconds(400 + random.Next(0, 1_500));
            // Time to a receipt: log-normal around 6 s, a long tail to minutes.
            var final = status switch
            {
                MessageStatus.Delivered or MessageStatus.Undelivered => sent!.Value.AddSeconds(Math.Exp(1.8 + (0.8 * Gaussian(random)))),
                MessageStatus.Failed => handedOver!.Value.AddMilliseconds(300),
                // Reconciliation ends a receipt's wait after Reconciliation:NoReceiptAfter (72 h): only the last three days'
                // sent messages still wait for one.
                MessageStatus.Sent => created < end - NoReceiptAfter ? created + NoReceiptAfter : (DateTimeOffset?)null,
                _ => created.AddMilliseconds(50),
            };
            int? error = status switch
            {
                MessageStatus.Undelivered => UndeliveredCodes[random.Next(UndeliveredCodes.Length)],
                MessageStatus.Failed => FailedCodes[random.Next(FailedCodes.Length)],
                _ => null,
            };
            var fallback = (status is MessageStatus.Undelivered or MessageStatus.Failed) && random.NextDouble() < 0.5
                ? random.NextDouble() < 0.9 ? FallbackStatus.Delivered : FallbackStatus.Bounced
                : null;
            messages.Add(new SeedMessage(
                Guid.CreateVersion7(created), EndToEndBenchmark.Number(5_000_000 + ((n + serialOffset) % 3_000_000)), route, status, random.NextDouble() < 0.1,
                created, handedOver, sent, final, attempts, error, fallback,
                status == MessageStatus.Delivered && random.NextDouble() < 0.05, "SMh" + (n + serialOffset).ToString("x31", CultureInfo.InvariantCulture), created >= recent));
        }

        return messages;
    }

    private static int PickRoute(double roll)
    {
        for (var i = 0; i < Routes.Length; i++)
        {
            roll -= Routes[i].Share;
            if (roll < 0)
            {
                return i;
            }
        }

        return 0;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static async Task CopyMessagesAsync(NpgsqlConnection connection, List<SeedMessage> chunk)
    {
        await using var writer = await connection.BeginBinaryImportAsync("""
            COPY messages (id, app_id, "to", country, body, encoding, segments, purpose, status, fallback_email, override_opt_in,
                           due_at, created_at, updated_at, claimed_at, handed_over_at, provider_sid, attempts, sender, sender_kind,
                           error_code, sent_at, final_at, fallback_status, fallback_reason, fallback_requested_at, fallback_updated_at,
                           confirmed_at, feedback_at) FROM STDIN (FORMAT BINARY)
            """);
        foreach (var m in chunk)
        {
            var (country, sender, kind, _) = Routes[m.Route];
            var last = m.Final ?? m.Sent ?? m.Created;
            await writer.StartRowAsync();
            await writer.WriteAsync(m.Id, NpgsqlDbType.Uuid);
            await writer.WriteAsync("bench", NpgsqlDbType.Varchar);
            await writer.WriteAsync(m.To, NpgsqlDbType.Varchar);
            await writer.WriteAsync(country, NpgsqlDbType.Varchar);
            await writer.WriteAsync(m.Recent ? "Your code is 481516. It expires in 10 minutes." : string.Empty, NpgsqlDbType.Varchar);
            await writer.WriteAsync("GSM-7", NpgsqlDbType.Varchar);
            await writer.WriteAsync(1, NpgsqlDbType.Integer);
            await writer.WriteAsync(m.Marketing ? "marketing" : "transactional", NpgsqlDbType.Varchar);
            await writer.WriteAsync(m.Status, NpgsqlDbType.Varchar);
            await WriteNullableAsync(writer, m.FallbackStatus is null ? null : "someone@example.com", NpgsqlDbType.Varchar);
            await writer.WriteAsync(false, NpgsqlDbType.Boolean);
            await writer.WriteAsync(m.Created.UtcDateTime, NpgsqlDbType.TimestampTz);
            await writer.WriteAsync(m.Created.UtcDateTime, NpgsqlDbType.TimestampTz);
            await writer.WriteAsync(last.UtcDateTime, NpgsqlDbType.TimestampTz);
            await writer.WriteAsync(m.Created.AddMilliseconds(100).UtcDateTime, NpgsqlDbType.TimestampTz);
            await WriteNullableAsync(writer, m.HandedOver?.UtcDateTime, NpgsqlDbType.TimestampTz);
            await WriteNullableAsync(writer, m.Blocked ? null : m.Sid, NpgsqlDbType.Varchar);
            await writer.WriteAsync(m.AttemptCount, NpgsqlDbType.Integer);
            await WriteNullableAsync(writer, m.Blocked ? null : sender, NpgsqlDbType.Varchar);
            await WriteNullableAsync(writer, m.Blocked ? null : kind, NpgsqlDbType.Varchar);
            await WriteNullableAsync(writer, m.ErrorCode, NpgsqlDbType.Integer);
            await WriteNullableAsync(writer, m.Sent?.UtcDateTime, NpgsqlDbType.TimestampTz);
            await WriteNullableAsync(writer, m.Final?.UtcDateTime, NpgsqlDbType.TimestampTz);
            await WriteNullableAsync(writer, m.FallbackStatus, NpgsqlDbType.Varchar);
            await WriteNullableAsync(writer, m.FallbackStatus is null ? null : m.ErrorCode?.ToString(CultureInfo.InvariantCulture), NpgsqlDbType.Varchar);
            await WriteNullableAsync(writer, m.FallbackStatus is null ? null : m.Final?.UtcDateTime, NpgsqlDbType.TimestampTz);
            await WriteNullableAsync(writer, m.FallbackStatus is null ? null : m.Final?.AddSeconds(20).UtcDateTime, NpgsqlDbType.TimestampTz);
            await WriteNullableAsync(writer, m.Confirmed ? m.Final?.AddSeconds(30).UtcDateTime : null, NpgsqlDbType.TimestampTz);
            await WriteNullableAsync(writer, m.Confirmed ? m.Final?.AddSeconds(60).UtcDateTime : null, NpgsqlDbType.TimestampTz);
        }

        await writer.CompleteAsync();
    }

    private static async Task CopyEventsAsync(NpgsqlConnection connection, List<SeedMessage> chunk)
    {
        await using var writer = await connection.BeginBinaryImportAsync(
            "COPY message_events (message_id, at, type, status, error_code, detail) FROM STDIN (FORMAT BINARY)");
        foreach (var m in chunk)
        {
            await EventAsync(writer, m.Id, m.Created, MessageEventType.Accepted, MessageStatus.Accepted, null, null);
            if (m.Blocked)
            {
                await EventAsync(writer, m.Id, m.Final!.Value, m.Status == MessageStatus.Expired ? MessageEventType.Expired : MessageEventType.Blocked, m.Status, null, null);
                continue;
            }

            if (m.Attempts > 1)
            {
                await EventAsync(writer, m.Id, m.HandedOver!.Value.AddSeconds(-2), MessageEventType.RetryScheduled, MessageStatus.Queued, 20429, "Too many requests");
            }

            await EventAsync(writer, m.Id, m.HandedOver!.Value, MessageEventType.HandedOver, MessageStatus.Queued, null, null);
            await EventAsync(writer, m.Id, m.Sent!.Value, MessageEventType.StatusCallback, MessageStatus.Sent, null, null);
            if (m.Final is { } final)
            {
                await EventAsync(writer, m.Id, final, m.Status == MessageStatus.Sent ? MessageEventType.NoReceipt : MessageEventType.StatusCallback, m.Status, m.ErrorCode, null);
            }

            if (m.FallbackStatus is not null)
            {
                await EventAsync(writer, m.Id, (m.Final ?? m.Sent!.Value).AddSeconds(1), MessageEventType.FallbackRequested, null, m.ErrorCode, null);
            }
        }

        await writer.CompleteAsync();
    }

    private static async Task EventAsync(NpgsqlBinaryImporter writer, Guid message, DateTimeOffset at, string type, string? status, int? errorCode, string? detail)
    {
        await writer.StartRowAsync();
        await writer.WriteAsync(message, NpgsqlDbType.Uuid);
        await writer.WriteAsync(at.UtcDateTime, NpgsqlDbType.TimestampTz);
        await writer.WriteAsync(type, NpgsqlDbType.Varchar);
        await WriteNullableAsync(writer, status, NpgsqlDbType.Varchar);
        await WriteNullableAsync(writer, errorCode, NpgsqlDbType.Integer);
        await WriteNullableAsync(writer, detail, NpgsqlDbType.Varchar);
    }

    private static async Task CopyAttemptsAsync(NpgsqlConnection connection, List<SeedMessage> chunk)
    {
        await using var writer = await connection.BeginBinaryImportAsync(
            "COPY message_attempts (message_id, number, started_at, finished_at, sender, provider_sid, outcome, error_code) FROM STDIN (FORMAT BINARY)");
        foreach (var m in chunk)
        {
            if (m.Blocked)
            {
                continue;
            }

            var sender = Routes[m.Route].Sender;
            if (m.Attempts > 1)
            {
                await writer.StartRowAsync();
                await writer.WriteAsync(m.Id, NpgsqlDbType.Uuid);
                await writer.WriteAsync(1, NpgsqlDbType.Integer);
                await writer.WriteAsync(m.HandedOver!.Value.AddSeconds(-3).UtcDateTime, NpgsqlDbType.TimestampTz);
                await writer.WriteAsync(m.HandedOver!.Value.AddSeconds(-2).UtcDateTime, NpgsqlDbType.TimestampTz);
                await writer.WriteAsync(sender, NpgsqlDbType.Varchar);
                await writer.WriteNullAsync();
                await writer.WriteAsync("rejected", NpgsqlDbType.Varchar);
                await writer.WriteAsync(20429, NpgsqlDbType.Integer);
            }

            await writer.StartRowAsync();
            await writer.WriteAsync(m.Id, NpgsqlDbType.Uuid);
            await writer.WriteAsync(m.Attempts, NpgsqlDbType.Integer);
            await writer.WriteAsync(m.HandedOver!.Value.AddMilliseconds(-120).UtcDateTime, NpgsqlDbType.TimestampTz);
            await writer.WriteAsync(m.HandedOver!.Value.UtcDateTime, NpgsqlDbType.TimestampTz);
            await writer.WriteAsync(sender, NpgsqlDbType.Varchar);
            await writer.WriteAsync(m.Sid, NpgsqlDbType.Varchar);
            await writer.WriteAsync("handed_over", NpgsqlDbType.Varchar);
            await writer.WriteNullAsync();
        }

        await writer.CompleteAsync();
    }

    private static Task WriteNullableAsync<T>(NpgsqlBinaryImporter writer, T? value, NpgsqlDbType type) where T : class =>
        value is null ? writer.WriteNullAsync() : writer.WriteAsync(value, type);

    private static Task WriteNullableAsync<T>(NpgsqlBinaryImporter writer, T? value, NpgsqlDbType type) where T : struct =>
        value is null ? writer.WriteNullAsync() : writer.WriteAsync(value.Value, type);

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 3_600 };
        await command.ExecuteNonQueryAsync();
    }
}
