using Npgsql;

namespace Notifications.Core.Reporting;

/// <summary>
/// The channel-reliability report's rollups of the days not yet sealed (today, and yesterday until
/// <see cref="DailyStats"/> seals it): the same grain as the daily rollups, per <em>slice</em> of a day in
/// <c>message_slice_stats</c>, a slice being whole minutes inside one UTC hour (<c>message_stats_slices</c>). Slices
/// never overlap: a closed hour is one slice; the open hour is covered by the slices computed so far, up to
/// <see cref="SealingDelay"/> before now. A trigger on <c>messages</c> marks the minute of a row created more than
/// <see cref="MarkAge"/> ago when it is inserted, deleted or changes a column the report reads
/// (<c>message_stats_dirty_minutes</c>); the report reads a slice holding a marked minute from the raw rows until it
/// is computed again, so today's figures are exact at every moment, a status change showing in the next report.
/// </summary>
/// <remarks>
/// Measured choice: today's raw rows were the report's cost (150,000 of today's messages: 1.6 s of the 2.1 s of a
/// 12-month report on the shared machine, against 0.1 s for the year's daily rollups). Slices leave only the last
/// few minutes raw. The mark's age keeps the send path out of the trigger function: its rows are claimed, handed over
/// and reported within seconds of their creation, so the trigger costs them one comparison per updated row.
/// </remarks>
public static class DaySlices
{
    /// <summary>
    /// How old a row must be for a change to mark its minute (the migration <c>ReportTodaySlices</c> says the same):
    /// the send path changes its rows well within it.
    /// </summary>
    public static readonly TimeSpan MarkAge = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long after its end a slice may be computed: <see cref="MarkAge"/>, and 2 minutes longer than any
    /// transaction that writes messages (commands time out after 30 s). A write that marked nothing was made less than
    /// <see cref="MarkAge"/> after its row's creation, so it committed before the slice was computed.
    /// </summary>
    public static readonly TimeSpan SealingDelay = TimeSpan.FromMinutes(3);

    /// <summary>
    /// Recomputes the slices <paramref name="slices"/> (whole minutes, not overlapping, none crossing an hour) from the
    /// raw rows in the caller's transaction: clears their minutes' marks first, replaces any slice lying inside
    /// them, and records them. Each app's messages of a slice are read by an index range.
    /// </summary>
    public static async Task RollUpAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction,
        IReadOnlyCollection<(DateTimeOffset Start, DateTimeOffset End)> slices, CancellationToken cancellationToken)
    {
        if (slices.Count == 0)
        {
            return;
        }

        var starts = slices.Select(s => s.Start).ToArray();
        var ends = slices.Select(s => s.End).ToArray();
        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(new NpgsqlBatchCommand(DailyStats.NoJit));
        // The marks go first, as the daily rollups' do: a change committed after this statement is either seen by the
        // recomputation or leaves its mark behind.
        AddDeletes(batch, starts, ends);
        batch.BatchCommands.Add(DailyStats.InsertRollups("message_slice_stats", starts, ends, "slice_start"));
        batch.BatchCommands.Add(new NpgsqlBatchCommand("""
            INSERT INTO message_stats_slices (slice_start, slice_end, sealed_at) SELECT s, e, now() FROM unnest($1::timestamptz[], $2::timestamptz[]) AS r(s, e)
            """) { Parameters = { new() { Value = starts }, new() { Value = ends } } });
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// One transaction of the rollup job, after the days: computes the slices due since the newest sealed day (from
    /// yesterday on): each closed hour as one slice (merging the slices it was covered by), the open hour's minutes
    /// since its last slice up to <see cref="SealingDelay"/> before now, and every slice holding a marked minute.
    /// Serialised with the days by the same advisory lock. Returns the slices computed.
    /// </summary>
    public static async Task<int> RollUpDueAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        DateTimeOffset now;
        DateOnly? newestSealed;
        await using (var state = new NpgsqlCommand($"""
            SELECT {DailyStats.Lock}::text, now() AS now,
                   (SELECT max(day) FROM message_stats_days) AS newest_sealed
            """, connection, transaction))
        {
            await using var reader = await state.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            now = reader.GetFieldValue<DateTimeOffset>(reader.GetOrdinal("now"));
            var newest = reader.GetOrdinal("newest_sealed");
            newestSealed = reader.IsDBNull(newest) ? null : reader.GetFieldValue<DateOnly>(newest);
        }

        var yesterday = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-1);
        var firstDay = newestSealed is { } sealedDay && sealedDay >= yesterday ? sealedDay.AddDays(1) : yesterday;
        var regionStart = new DateTimeOffset(firstDay.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var cutoff = Truncate(now - SealingDelay, TimeSpan.FromMinutes(1));
        var due = new List<(DateTimeOffset Start, DateTimeOffset End)>();
        if (cutoff > regionStart)
        {
            var slices = await SlicesAsync(connection, transaction, regionStart, cancellationToken);
            var marked = await MarkedMinutesAsync(connection, transaction, regionStart, cancellationToken);
            due.AddRange(Due(regionStart, cutoff, slices, marked));
        }

        await RollUpAsync(connection, transaction, due, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return due.Count;
    }

    /// <summary>
    /// The slices to compute over [<paramref name="regionStart"/>, <paramref name="cutoff"/>) given the slices
    /// computed (ascending) and the marked minutes: a closed hour not held by exactly one clean slice becomes one
    /// slice; in the open hour each marked slice is computed again and the minutes after the last slice become one.
    /// </summary>
    public static List<(DateTimeOffset Start, DateTimeOffset End)> Due(
        DateTimeOffset regionStart, DateTimeOffset cutoff, IReadOnlyList<(DateTimeOffset Start, DateTimeOffset End)> slices, IReadOnlyList<DateTimeOffset> marked)
    {
        var hour = TimeSpan.FromHours(1);
        bool IsMarked(DateTimeOffset start, DateTimeOffset end) => marked.Any(m => m >= start && m < end);
        List<(DateTimeOffset Start, DateTimeOffset End)> Inside(DateTimeOffset start, DateTimeOffset end) =>
            [.. slices.Where(s => s.Start >= start && s.Start < end)];

        var due = new List<(DateTimeOffset Start, DateTimeOffset End)>();
        var h = Truncate(regionStart, hour);
        for (; h + hour <= cutoff; h += hour)
        {
            var inside = Inside(h, h + hour);
            if (inside.Count != 1 || inside[0] != (h, h + hour) || IsMarked(h, h + hour))
            {
                due.Add((h, h + hour));
            }
        }

        if (h < cutoff)
        {
            var covered = h;
            foreach (var slice in Inside(h, h + hour))
            {
                if (IsMarked(slice.Start, slice.End))
                {
                    due.Add(slice);
                }

                covered = slice.End > covered ? slice.End : covered;
            }

            if (covered < cutoff)
            {
                due.Add((covered, cutoff));
            }
        }

        return due;
    }

    /// <summary>Adds the statements that remove the marks, rollups and records of the slices inside the given ranges.</summary>
    internal static void AddDeletes(NpgsqlBatch batch, DateTimeOffset[] starts, DateTimeOffset[] ends)
    {
        foreach (var (table, column) in new[] { ("message_stats_dirty_minutes", "minute"), ("message_slice_stats", "slice_start"), ("message_stats_slices", "slice_start") })
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand($"""
                DELETE FROM {table} t USING unnest($1::timestamptz[], $2::timestamptz[]) AS r(s, e) WHERE t.{column} >= r.s AND t.{column} < r.e
                """) { Parameters = { new() { Value = starts }, new() { Value = ends } } });
        }
    }

    private static async Task<List<(DateTimeOffset Start, DateTimeOffset End)>> SlicesAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, DateTimeOffset from, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT slice_start, slice_end FROM message_stats_slices WHERE slice_start >= $1 ORDER BY slice_start", connection, transaction)
        { Parameters = { new() { Value = from } } };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var slices = new List<(DateTimeOffset Start, DateTimeOffset End)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            slices.Add((reader.GetFieldValue<DateTimeOffset>(0), reader.GetFieldValue<DateTimeOffset>(1)));
        }

        return slices;
    }

    private static async Task<List<DateTimeOffset>> MarkedMinutesAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, DateTimeOffset from, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT minute FROM message_stats_dirty_minutes WHERE minute >= $1 ORDER BY minute", connection, transaction)
        { Parameters = { new() { Value = from } } };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var minutes = new List<DateTimeOffset>();
        while (await reader.ReadAsync(cancellationToken))
        {
            minutes.Add(reader.GetFieldValue<DateTimeOffset>(0));
        }

        return minutes;
    }

    private static DateTimeOffset Truncate(DateTimeOffset instant, TimeSpan unit) =>
        new(instant.UtcTicks - (instant.UtcTicks % unit.Ticks), TimeSpan.Zero);
}
