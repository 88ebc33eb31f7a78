using Notifications.Core.Messages;
using Npgsql;

namespace Notifications.Core.Reporting;

/// <summary>
/// The channel-reliability report's daily rollups: one row of counters per UTC day, app, country, sender, error code
/// and fallback reason in <c>message_daily_stats</c>, with the delivered messages' times to delivery as a histogram.
/// A day is <em>sealed</em> (<c>message_stats_days</c>) once <see cref="RollUpAsync"/> has computed it after its end;
/// a trigger on <c>messages</c> marks a day <em>dirty</em> (<c>message_stats_dirty</c>) when a row created before the
/// current day is inserted, deleted, or changes a column the report reads (a late callback, a fallback event, a
/// confirmation, the retention purge). The report reads sealed, clean days from the rollups and every other moment
/// of its period (today, dirty days, the partial days at its edges) from the raw rows, with the same
/// <see cref="GrainQuery"/>: its counts are exact at every moment, whether the rollup job has run or not. Sealing a
/// day also computes coarser rollups from its rows: its totals by app and fallback reason (<c>message_day_totals</c>)
/// and, once every day of its month is sealed, the month's rows (<c>message_month_stats</c>), which a report over
/// months reads instead of every day's rows.
/// </summary>
/// <remarks>
/// Measured choice: maintaining the rollups on the send path (an upsert where each message reaches a final state)
/// would add a contended row update per message to every status callback, on rows that thousands of messages share.
/// The trigger's condition (a row created before today) is false for the send path's rows, so it costs the send path
/// one comparison per update; the rollups are computed off the send path by <c>ReportRollupJob</c>.
/// </remarks>
public static class DailyStats
{
    /// <summary>
    /// Histogram buckets per unit of natural logarithm of the seconds to delivery: a bucket spans 1/32 of a
    /// logarithmic unit (about 3.2 % of its value), so a median estimated from the buckets' geometric centres is
    /// within 1.6 % of the exact one.
    /// </summary>
    public const int BucketsPerLogUnit = 32;

    /// <summary>How long after a UTC day's end it may be sealed: longer than any transaction that writes its messages.</summary>
    public static readonly TimeSpan SealingGrace = TimeSpan.FromMinutes(10);

    /// <summary>The most days one rollup transaction computes (about a month: a short transaction even at a million messages a day).</summary>
    public const int MaxDaysPerTransaction = 31;

    /// <summary>The value a histogram bucket stands for: its geometric centre, in seconds.</summary>
    public static double BucketSeconds(int bucket) => Math.Exp((bucket + 0.5) / BucketsPerLogUnit);

    /// <summary>
    /// Turns PostgreSQL's JIT compilation off for the rest of the caller's transaction. The report's and the rollups'
    /// statements aggregate thousands of rows: over a history of millions of messages the planner's estimates pass
    /// <c>jit_above_cost</c>, and compiling a statement cost more than running it (a 12-month report over 10 million
    /// messages: 93 functions compiled in 365 ms, by <c>EXPLAIN ANALYZE</c>).
    /// </summary>
    public const string NoJit = "SET LOCAL jit = off";

    /// <summary>
    /// Takes the rollups' transaction-scoped advisory lock: the job's days and slices, and any other caller of
    /// <see cref="RollUpAsync"/>, compute one at a time (two at once could each replace a month's rows).
    /// </summary>
    internal const string Lock = "pg_advisory_xact_lock(hashtextextended('message_daily_stats', 0))";

    /// <summary>The first day of <paramref name="day"/>'s month: the key of the month rollups.</summary>
    public static DateOnly MonthOf(DateOnly day) => new(day.Year, day.Month, 1);

    /// <summary>The rollups' period of a message: its UTC day.</summary>
    public const string DayOfMessage = "(m.created_at AT TIME ZONE 'UTC')::date";

    /// <summary>
    /// Aggregates messages to the rollup grain. <paramref name="fromWhere"/> is the query's <c>FROM ... WHERE ...</c>
    /// with the messages aliased <c>m</c>; parameters <c>$k</c>..<c>$k+3</c> (k = <paramref name="firstStatusParameter"/>)
    /// are <see cref="StatusParameters"/>. Columns: the period (<paramref name="periodColumn"/>, the value of
    /// <paramref name="period"/>: by default the message's UTC day), app_id, country, sender, error_code,
    /// fallback_reason, then the counters and the latency histogram (<c>latency_buckets</c>, <c>latency_counts</c>, ascending).
    /// </summary>
    public static string GrainQuery(string fromWhere, int firstStatusParameter, string period = DayOfMessage, string periodColumn = "day")
    {
        var (delivered, undelivered, failed, fallbackDelivered) =
            ($"${firstStatusParameter}", $"${firstStatusParameter + 1}", $"${firstStatusParameter + 2}", $"${firstStatusParameter + 3}");
        return $"""
            SELECT {periodColumn}, app_id, country, sender, error_code, fallback_reason,
                   sum(n)::int AS messages, sum(attempts)::bigint AS attempts, sum(segments)::bigint AS segments,
                   sum(delivered)::int AS delivered, sum(undelivered)::int AS undelivered, sum(failed)::int AS failed,
                   sum(fallbacks)::int AS fallbacks, sum(fallbacks_delivered)::int AS fallbacks_delivered,
                   sum(handed_over)::int AS handed_over, sum(confirmed)::int AS confirmed,
                   coalesce(array_agg(bucket ORDER BY bucket) FILTER (WHERE bucket IS NOT NULL), '{"{}"}')::int[] AS latency_buckets,
                   coalesce(array_agg(delivered ORDER BY bucket) FILTER (WHERE bucket IS NOT NULL), '{"{}"}')::int[] AS latency_counts
            FROM (
                SELECT {period} AS {periodColumn}, m.app_id, m.country, m.sender, m.error_code, m.fallback_reason,
                       CASE WHEN m.status = {delivered} AND m.final_at IS NOT NULL
                            THEN floor(ln(greatest(extract(epoch FROM m.final_at - m.created_at)::float8, 0.001)) * {BucketsPerLogUnit})::int END AS bucket,
                       count(*) AS n,
                       coalesce(sum(m.attempts), 0) AS attempts,
                       coalesce(sum(m.attempts * coalesce(m.segments, 1)), 0) AS segments,
                       count(*) FILTER (WHERE m.status = {delivered}) AS delivered,
                       count(*) FILTER (WHERE m.status = {undelivered}) AS undelivered,
                       count(*) FILTER (WHERE m.status = {failed}) AS failed,
                       count(*) FILTER (WHERE m.fallback_status IS NOT NULL) AS fallbacks,
                       count(*) FILTER (WHERE m.fallback_status = {fallbackDelivered}) AS fallbacks_delivered,
                       count(*) FILTER (WHERE m.provider_sid IS NOT NULL) AS handed_over,
                       count(*) FILTER (WHERE m.confirmed_at IS NOT NULL) AS confirmed
                {fromWhere}
                GROUP BY 1, 2, 3, 4, 5, 6, 7
            ) AS g
            GROUP BY {periodColumn}, app_id, country, sender, error_code, fallback_reason
            """;
    }

    /// <summary>The values of <see cref="GrainQuery"/>'s status parameters, in order.</summary>
    public static object[] StatusParameters => [MessageStatus.Delivered, MessageStatus.Undelivered, MessageStatus.Failed, FallbackStatus.Delivered];

    /// <summary>The distinct apps with messages, by a loose index scan of (app_id, created_at): one index probe per app.</summary>
    internal const string Apps = """
        WITH RECURSIVE apps AS (
            SELECT min(app_id) AS app_id FROM messages
            UNION ALL
            SELECT (SELECT min(app_id) FROM messages WHERE app_id > apps.app_id) FROM apps WHERE apps.app_id IS NOT NULL)
        """;

    /// <summary>
    /// Recomputes the rollups of <paramref name="days"/> (UTC) from the raw rows, clears their dirty marks and seals
    /// them, in the caller's transaction (their rows are replaced whole), with their totals and months
    /// (<see cref="AddCoarseRollups"/>); days that have not ended yet must not be passed. Each app's messages of those
    /// days are read by an index range. Takes the rollups' lock (<see cref="Lock"/>).
    /// The days' slices (<see cref="DaySlices"/>) go in the same transaction: a reader sees a day either sealed or in slices.
    /// </summary>
    public static async Task RollUpAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, IReadOnlyCollection<DateOnly> days, CancellationToken cancellationToken)
    {
        if (days.Count == 0)
        {
            return;
        }

        var dayArray = days.Distinct().Order().ToArray();
        var starts = dayArray.Select(d => new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)).ToArray();
        var ends = starts.Select(s => s.AddDays(1)).ToArray();
        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"SELECT {Lock}"));
        batch.BatchCommands.Add(new NpgsqlBatchCommand(NoJit));
        // The dirty marks go first: a change committed after this statement is either seen by the recomputation
        // (a later statement, a later snapshot) or leaves its mark behind, and the report reads that day raw.
        batch.BatchCommands.Add(new NpgsqlBatchCommand("DELETE FROM message_stats_dirty WHERE day = ANY($1)") { Parameters = { new() { Value = dayArray } } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand("DELETE FROM message_daily_stats WHERE day = ANY($1)") { Parameters = { new() { Value = dayArray } } });
        DaySlices.AddDeletes(batch, starts, ends);
        batch.BatchCommands.Add(InsertRollups("message_daily_stats", starts, ends));
        batch.BatchCommands.Add(new NpgsqlBatchCommand("""
            INSERT INTO message_stats_days (day, sealed_at, coarse_at) SELECT d, now(), now() FROM unnest($1::date[]) AS d
            ON CONFLICT (day) DO UPDATE SET sealed_at = excluded.sealed_at, coarse_at = excluded.coarse_at
            """) { Parameters = { new() { Value = dayArray } } });
        AddCoarseRollups(batch, dayArray);
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// The coarser rollups derived from the daily rows of <paramref name="days"/>, once those are written: each day's
    /// totals by app and fallback reason (<c>message_day_totals</c>, for the report grouped by day), and the rows of
    /// each of their months (<c>message_month_stats</c>, sealed in <c>message_stats_months</c>) whose every day is
    /// sealed now; a month with a day not sealed is left without rows. So a month's rows always sum its days' current
    /// rollups: they are recomputed whenever one of its days is.
    /// </summary>
    private static void AddCoarseRollups(NpgsqlBatch batch, DateOnly[] days)
    {
        var months = days.Select(MonthOf).Distinct().ToArray();
        batch.BatchCommands.Add(new NpgsqlBatchCommand("DELETE FROM message_day_totals WHERE day = ANY($1)") { Parameters = { new() { Value = days } } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"""
            INSERT INTO message_day_totals (day, app_id, fallback_reason, {CounterColumns}, latency_buckets, latency_counts)
            {MergeQuery("message_daily_stats s", "s.day = ANY($1)", "s.day", "day", ["app_id", "fallback_reason"])}
            """) { Parameters = { new() { Value = days } } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand("DELETE FROM message_month_stats WHERE month = ANY($1)") { Parameters = { new() { Value = months } } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand("DELETE FROM message_stats_months WHERE month = ANY($1)") { Parameters = { new() { Value = months } } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand("""
            INSERT INTO message_stats_months (month, sealed_at)
            SELECT m, now() FROM unnest($1::date[]) AS m
            WHERE (SELECT count(*) FROM message_stats_days d WHERE d.day >= m AND d.day < (m + interval '1 month')::date)
                  = extract(day FROM m + interval '1 month' - interval '1 day')
            """) { Parameters = { new() { Value = months } } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"""
            INSERT INTO message_month_stats (month, app_id, country, sender, error_code, fallback_reason, {CounterColumns}, latency_buckets, latency_counts)
            {MergeQuery("message_stats_months c JOIN message_daily_stats s ON s.day >= c.month AND s.day < (c.month + interval '1 month')::date",
                "c.month = ANY($1)", "c.month", "month", ["app_id", "country", "sender", "error_code", "fallback_reason"])}
            """) { Parameters = { new() { Value = months } } });
    }

    /// <summary>The rollups' counters, in the order of every rollup table's columns.</summary>
    private const string CounterColumns = "messages, attempts, segments, delivered, undelivered, failed, fallbacks, fallbacks_delivered, handed_over, confirmed";

    /// <summary>
    /// Sums rollup rows to a coarser grain: the rows of <paramref name="from"/> (aliased <c>s</c>) that match
    /// <paramref name="where"/>, per <paramref name="period"/> (named <paramref name="periodColumn"/>) and their columns
    /// <paramref name="keys"/>, the counters summed and the histograms merged (buckets ascending). A row's counters are
    /// taken once, with its first bucket (alone when it has none).
    /// </summary>
    private static string MergeQuery(string from, string where, string period, string periodColumn, string[] keys)
    {
        var counters = CounterColumns.Split(", ");
        static string Cast(string counter) => counter is "attempts" or "segments" ? "bigint" : "int";
        var groups = string.Join(", ", Enumerable.Range(1, keys.Length + 1));
        return $"""
            SELECT {periodColumn}, {string.Join(", ", keys)}, {string.Join(", ", counters.Select(c => $"sum({c})::{Cast(c)}"))},
                   coalesce(array_agg(bucket ORDER BY bucket) FILTER (WHERE bucket IS NOT NULL), '{"{}"}')::int[],
                   coalesce(array_agg(n ORDER BY bucket) FILTER (WHERE bucket IS NOT NULL), '{"{}"}')::int[]
            FROM (
                SELECT {period} AS {periodColumn}, {string.Join(", ", keys.Select(k => $"s.{k}"))}, h.bucket, sum(h.n) AS n,
                       {string.Join(", ", counters.Select(c => $"sum(s.{c}) FILTER (WHERE h.i IS NULL OR h.i = 1) AS {c}"))}
                FROM {from}
                LEFT JOIN LATERAL unnest(s.latency_buckets, s.latency_counts) WITH ORDINALITY AS h(bucket, n, i) ON true
                WHERE {where}
                GROUP BY {groups}, h.bucket
            ) AS g
            GROUP BY {groups}
            """;
    }

    /// <summary>
    /// The statement that inserts into <paramref name="table"/> the rollups of each app's messages created in the ranges
    /// [<paramref name="starts"/>[i], <paramref name="ends"/>[i]), read by an index range per app and range: per UTC day
    /// (column <c>day</c>), or, given <paramref name="rangeColumn"/>, per range, its start in that column.
    /// </summary>
    internal static NpgsqlBatchCommand InsertRollups(string table, DateTimeOffset[] starts, DateTimeOffset[] ends, string? rangeColumn = null)
    {
        var periodColumn = rangeColumn ?? "day";
        var insert = new NpgsqlBatchCommand($"""
            INSERT INTO {table} ({periodColumn}, app_id, country, sender, error_code, fallback_reason, {CounterColumns}, latency_buckets, latency_counts)
            {Apps}
            {GrainQuery($"""
                FROM apps a
                CROSS JOIN LATERAL (
                    SELECT {(rangeColumn is null ? "" : $"r.s AS {rangeColumn}, ")}m.app_id, m.created_at, m.country, m.sender, m.error_code, m.fallback_reason,
                           m.status, m.final_at, m.attempts, m.segments, m.fallback_status, m.provider_sid, m.confirmed_at
                    FROM unnest($1::timestamptz[], $2::timestamptz[]) AS r(s, e)
                    JOIN messages m ON m.app_id = a.app_id AND m.created_at >= r.s AND m.created_at < r.e
                    OFFSET 0) AS m
                WHERE a.app_id IS NOT NULL
                """, 3, rangeColumn is null ? DayOfMessage : $"m.{rangeColumn}", periodColumn)}
            """);
        insert.Parameters.Add(new() { Value = starts });
        insert.Parameters.Add(new() { Value = ends });
        foreach (var value in StatusParameters)
        {
            insert.Parameters.Add(new() { Value = value });
        }

        return insert;
    }

    /// <summary>
    /// One transaction of the rollup job: takes up to <see cref="MaxDaysPerTransaction"/> days that are due (dirty days
    /// and days sealed without their totals, then closed days not sealed from the oldest sealed one on; on a first run,
    /// from the first day of the oldest message's month) and rolls them up.
    /// Serialised by a transaction-scoped advisory lock, so two runs at once do the work once. Returns the days
    /// computed; zero when nothing was due.
    /// </summary>
    public static async Task<int> RollUpDueDaysAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        DateOnly today;
        TimeSpan intoToday;
        DateOnly? oldestSealed;
        await using (var state = new NpgsqlCommand($"""
            SELECT {Lock}::text,
                   (now() AT TIME ZONE 'UTC')::date AS today, now() - date_trunc('day', now(), 'UTC') AS into_today,
                   (SELECT min(day) FROM message_stats_days) AS oldest_sealed
            """, connection, transaction))
        {
            await using var reader = await state.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            today = reader.GetFieldValue<DateOnly>(reader.GetOrdinal("today"));
            intoToday = reader.GetFieldValue<TimeSpan>(reader.GetOrdinal("into_today"));
            var oldest = reader.GetOrdinal("oldest_sealed");
            oldestSealed = reader.IsDBNull(oldest) ? null : reader.GetFieldValue<DateOnly>(oldest);
        }

        var lastClosed = today.AddDays(intoToday >= SealingGrace ? -1 : -2);
        var days = new List<DateOnly>();
        await using (var dirty = new NpgsqlCommand("""
            SELECT day FROM message_stats_dirty WHERE day <= $1
            UNION
            SELECT day FROM message_stats_days WHERE coarse_at IS DISTINCT FROM sealed_at
            ORDER BY day LIMIT $2
            """, connection, transaction) { Parameters = { new() { Value = lastClosed }, new() { Value = MaxDaysPerTransaction } } })
        {
            await ReadDaysAsync(dirty, days, cancellationToken);
        }

        var first = oldestSealed;
        if (first is null)
        {
            await using var oldest = new NpgsqlCommand($"""
                {Apps}
                SELECT (min((SELECT min(m.created_at) FROM messages m WHERE m.app_id = a.app_id)) AT TIME ZONE 'UTC')::date FROM apps a
                """, connection, transaction);
            // From the first day of the oldest message's month: the days before it are sealed empty, so that month too
            // can be read whole.
            first = await oldest.ExecuteScalarAsync(cancellationToken) is DateOnly day ? MonthOf(day) : lastClosed.AddDays(1);
        }

        // Every closed day from the oldest sealed one on that is not sealed: not only those after the newest, as a
        // dirty day sealed on a first run can lie beyond days not yet sealed.
        await using (var unsealed = new NpgsqlCommand("""
            SELECT d::date FROM generate_series($1::date, $2::date, interval '1 day') AS d
            WHERE NOT EXISTS (SELECT 1 FROM message_stats_days s WHERE s.day = d::date)
            ORDER BY 1 LIMIT $3
            """, connection, transaction) { Parameters = { new() { Value = first.Value }, new() { Value = lastClosed }, new() { Value = MaxDaysPerTransaction - days.Count } } })
        {
            await ReadDaysAsync(unsealed, days, cancellationToken);
        }

        await RollUpAsync(connection, transaction, days, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return days.Distinct().Count();
    }

    private static async Task ReadDaysAsync(NpgsqlCommand command, List<DateOnly> days, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            days.Add(reader.GetFieldValue<DateOnly>(0));
        }
    }
}
