using Notifications.Core.Reporting;
using Npgsql;

namespace Notifications.Api.Reporting;

/// <summary>
/// The channel-reliability report over the daily rollups (<see cref="DailyStats"/>): sealed, clean days inside the
/// period come from <c>message_daily_stats</c> (grouped by day, from their totals, <c>message_day_totals</c>; otherwise
/// whole months of such days from <c>message_month_stats</c>: a year is a few thousand rows, not 365 days of every
/// country, sender and error code), clean slices of the days not sealed (<see cref="DaySlices"/>) from
/// <c>message_slice_stats</c>; the rest of the period (today's last minutes, dirty days and slices, partial days at the
/// edges) from the raw rows, aggregated to the same grain by the same query. Counts, rates and fallbacks are exact; the
/// median time to delivery is estimated from the merged histograms (within 1.6 %).
/// </summary>
internal static class ReliabilityRollups
{
    /// <summary>
    /// Sealed days (UTC) lying whole inside [from, to) that no change has dirtied since and whose totals and month
    /// were computed with them (<c>coarse_at</c>: a day sealed by a version without them, during an upgrade, is read
    /// raw until the job computes it again), the sealed months all of whose days are among them, and the slices of the days not
    /// sealed (<see cref="DaySlices"/>) lying whole inside it that hold no marked minute; read in the caller's
    /// transaction, which <see cref="Command"/> must share (one snapshot: a day is sealed or in slices, never both).
    /// </summary>
    public static async Task<RollupPeriods> SealedPeriodsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var firstWhole = DateOnly.FromDateTime(from.UtcDateTime);
        if (from.UtcDateTime.TimeOfDay != TimeSpan.Zero)
        {
            firstWhole = firstWhole.AddDays(1);
        }

        var afterLastWhole = DateOnly.FromDateTime(to.UtcDateTime);
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new("""
                    SELECT s.day FROM message_stats_days s
                    WHERE s.day >= $1 AND s.day < $2 AND s.coarse_at = s.sealed_at
                      AND NOT EXISTS (SELECT 1 FROM message_stats_dirty d WHERE d.day = s.day)
                    ORDER BY s.day
                    """) { Parameters = { new() { Value = firstWhole }, new() { Value = afterLastWhole } } },
                new("""
                    SELECT month FROM message_stats_months WHERE month >= $1 AND month < $2 ORDER BY month
                    """) { Parameters = { new() { Value = firstWhole }, new() { Value = afterLastWhole } } },
                new("""
                    SELECT s.slice_start, s.slice_end FROM message_stats_slices s
                    WHERE s.slice_start >= $1 AND s.slice_end <= $2
                      AND NOT EXISTS (SELECT 1 FROM message_stats_dirty_minutes d WHERE d.minute >= s.slice_start AND d.minute < s.slice_end)
                    ORDER BY s.slice_start
                    """) { Parameters = { new() { Value = from }, new() { Value = to } } },
            },
        };
        var days = new List<DateOnly>();
        var months = new List<DateOnly>();
        var slices = new List<(DateTimeOffset Start, DateTimeOffset End)>();
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                days.Add(reader.GetFieldValue<DateOnly>(0));
            }

            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                months.Add(reader.GetFieldValue<DateOnly>(0));
            }

            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                slices.Add((reader.GetFieldValue<DateTimeOffset>(0), reader.GetFieldValue<DateTimeOffset>(1)));
            }
        }

        if (afterLastWhole <= firstWhole)
        {
            days.Clear();
        }

        // A day's slices are removed when it is sealed, in the same transaction; none can lie in a sealed day.
        var sealedDays = days.ToHashSet();
        slices.RemoveAll(s => sealedDays.Contains(DateOnly.FromDateTime(s.Start.UtcDateTime)));
        // A month's rows sum its days' rollups as they were when it was sealed: read only while every one of its days
        // is sealed and clean, so none has changed since.
        months.RemoveAll(m => Enumerable.Range(0, m.AddMonths(1).DayNumber - m.DayNumber).Any(i => !sealedDays.Contains(m.AddDays(i))));
        return new RollupPeriods([.. days], [.. months], [.. slices]);
    }

    /// <summary>The parts of [from, to) outside the sealed periods (ascending), as the raw rows' ranges.</summary>
    public static (DateTimeOffset[] Starts, DateTimeOffset[] Ends) RawRanges(DateTimeOffset from, DateTimeOffset to, RollupPeriods periods)
    {
        var starts = new List<DateTimeOffset>();
        var ends = new List<DateTimeOffset>();
        var cursor = from;
        foreach (var (start, end) in periods.Ranges())
        {
            if (cursor < start)
            {
                starts.Add(cursor);
                ends.Add(start);
            }

            cursor = end;
        }

        if (cursor < to)
        {
            starts.Add(cursor);
            ends.Add(to);
        }

        return ([.. starts], [.. ends]);
    }

    /// <summary>
    /// The report's query over rollups and raw rows: the same columns as the raw query, by name, but for the median:
    /// each group's row carries its histogram instead (<c>latency_buckets</c>, <c>latency_counts</c>: the buckets of
    /// its rows unsorted, repeats to be summed), merged and read by <see cref="LatencyHistogram"/>; the totals' is
    /// the groups' merged. Each raw range is its own index range on (app_id, created_at) (a lateral subquery kept
    /// apart by <c>OFFSET 0</c>): the report's time grew with the history while the ranges were joined flat.
    /// Measured choice: taking the medians in SQL (the buckets summed per group and bucket, then running totals by a
    /// window) cost 230 of a report's 290 ms over a year's day totals (50,000 day-and-bucket rows summed, sorted and
    /// windowed), against about 25 ms to gather each group's buckets in an array. <paramref name="byDay"/>: the key is the day, so each sealed
    /// day is read from its totals and no month is read.
    /// </summary>
    public static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction transaction, string keyExpression, bool byDay, string app, DateTimeOffset from, DateTimeOffset to, RollupPeriods periods)
    {
        var (starts, ends) = RawRanges(from, to, periods);
        var command = new NpgsqlCommand($"""
            WITH raw AS (
                {DailyStats.GrainQuery("""
                    FROM unnest($2::timestamptz[], $3::timestamptz[]) AS r(s, e)
                    CROSS JOIN LATERAL (
                        SELECT m.app_id, m.created_at, m.country, m.sender, m.error_code, m.fallback_reason, m.status, m.final_at,
                               m.attempts, m.segments, m.fallback_status, m.provider_sid, m.confirmed_at
                        FROM messages m WHERE m.app_id = $1 AND m.created_at >= r.s AND m.created_at < r.e
                        OFFSET 0) AS m
                    """, 5)}
            ),
            grain AS (
                SELECT day, country, sender, error_code, fallback_reason, messages, attempts, segments, delivered, undelivered, failed,
                       fallbacks, fallbacks_delivered, handed_over, confirmed, latency_buckets, latency_counts
                FROM message_daily_stats WHERE app_id = $1 AND day IN (SELECT unnest($4::date[]))
                UNION ALL
                SELECT day, NULL, NULL, NULL, fallback_reason, messages, attempts, segments, delivered, undelivered, failed,
                       fallbacks, fallbacks_delivered, handed_over, confirmed, latency_buckets, latency_counts
                FROM message_day_totals WHERE app_id = $1 AND day IN (SELECT unnest($10::date[]))
                UNION ALL
                SELECT month, country, sender, error_code, fallback_reason, messages, attempts, segments, delivered, undelivered, failed,
                       fallbacks, fallbacks_delivered, handed_over, confirmed, latency_buckets, latency_counts
                FROM message_month_stats WHERE app_id = $1 AND month IN (SELECT unnest($11::date[]))
                UNION ALL
                SELECT (slice_start AT TIME ZONE 'UTC')::date, country, sender, error_code, fallback_reason, messages, attempts, segments,
                       delivered, undelivered, failed, fallbacks, fallbacks_delivered, handed_over, confirmed, latency_buckets, latency_counts
                FROM message_slice_stats WHERE app_id = $1 AND slice_start IN (SELECT unnest($9::timestamptz[]))
                UNION ALL
                SELECT day, country, sender, error_code, fallback_reason, messages, attempts, segments, delivered, undelivered, failed,
                       fallbacks, fallbacks_delivered, handed_over, confirmed, latency_buckets, latency_counts
                FROM raw
            ),
            keyed AS (SELECT {keyExpression} AS k, * FROM grain),
            histograms AS (
                SELECT k, array_agg(h.bucket) AS buckets, array_agg(h.n) AS counts
                FROM keyed CROSS JOIN LATERAL unnest(keyed.latency_buckets, keyed.latency_counts) AS h(bucket, n)
                WHERE keyed.delivered > 0
                GROUP BY k
            ),
            report AS (
                SELECT GROUPING(k) AS all_keys, GROUPING(fallback_reason) AS all_reasons, k AS key, fallback_reason,
                       sum(messages)::int AS messages, sum(attempts)::bigint AS attempts, sum(segments)::bigint AS segments,
                       sum(delivered)::int AS delivered, sum(undelivered)::int AS undelivered, sum(failed)::int AS failed,
                       sum(fallbacks)::int AS fallbacks, sum(fallbacks_delivered)::int AS fallbacks_delivered,
                       sum(handed_over)::int AS handed_over, sum(confirmed)::int AS confirmed
                FROM keyed
                GROUP BY GROUPING SETS ((k), (), (k, fallback_reason), (fallback_reason))
            )
            SELECT r.*, hs.buckets AS latency_buckets, hs.counts AS latency_counts
            FROM report r
            LEFT JOIN histograms hs ON r.all_reasons = 1 AND r.all_keys = 0 AND hs.k = r.key
            """, connection, transaction);
        command.Parameters.Add(new() { Value = app });
        command.Parameters.Add(new() { Value = starts });
        command.Parameters.Add(new() { Value = ends });
        command.Parameters.Add(new() { Value = byDay ? Array.Empty<DateOnly>() : periods.DaysOutsideMonths() });
        foreach (var value in DailyStats.StatusParameters)
        {
            command.Parameters.Add(new() { Value = value });
        }

        command.Parameters.Add(new() { Value = periods.Slices.Select(s => s.Start).ToArray() });
        command.Parameters.Add(new() { Value = byDay ? periods.Days : Array.Empty<DateOnly>() });
        command.Parameters.Add(new() { Value = byDay ? Array.Empty<DateOnly>() : periods.Months });

        return command;
    }
}
