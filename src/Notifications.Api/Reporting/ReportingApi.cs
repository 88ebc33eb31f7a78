using System.Data;
using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Notifications.Api.Auth;
using Notifications.Core.Data;
using Notifications.Core.Messages;
using Notifications.Core.Reporting;
using Npgsql;

namespace Notifications.Api.Reporting;

/// <summary>How reliable the SMS channel is, by day, country, sender or error code.</summary>
public static class ReportingApi
{
    private static readonly Dictionary<string, string> GroupKeys = new(StringComparer.Ordinal)
    {
        ["day"] = "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')",
        ["country"] = "country",
        ["sender"] = "coalesce(sender, '(none)')",
        ["errorCode"] = "coalesce(error_code::text, 'none')",
    };

    /// <summary>The same keys over rollup-grain rows (<see cref="ReliabilityRollups"/>).</summary>
    private static readonly Dictionary<string, string> RollupKeys = new(StringComparer.Ordinal)
    {
        ["day"] = "to_char(day, 'YYYY-MM-DD')",
        ["country"] = "country",
        ["sender"] = "coalesce(sender, '(none)')",
        ["errorCode"] = "coalesce(error_code::text, 'none')",
    };

    private static readonly TimeSpan MaxRange = TimeSpan.FromDays(366);

    public static IEndpointRouteBuilder MapReportingApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/reports/channel-reliability", GetChannelReliability)
            .RequireApiKey()
            .WithTags("Reports")
            .WithName("ChannelReliability")
            .WithSummary("Attempts, segments, outcomes, delivery rate, median time to delivery, fallbacks and confirmed receipts, grouped")
            .WithDescription("The calling app's messages created in [from, to) (ISO 8601, at most 366 days), grouped by "
                + "groupBy: day (UTC, the default), country, sender or errorCode; with the totals and the fallbacks by reason.");
        return endpoints;
    }

    public static async Task<Results<Ok<ChannelReliabilityReport>, ValidationProblem>> GetChannelReliability(
        [FromQuery(Name = "from")] string? fromText, [FromQuery(Name = "to")] string? toText, string? groupBy, HttpContext http,
        NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        groupBy ??= "day";
        var from = ParseInstant(fromText);
        var to = ParseInstant(toText);
        if (from is null)
        {
            errors["from"] = ["Required: the start of the period (ISO 8601), inclusive."];
        }

        if (to is null)
        {
            errors["to"] = ["Required: the end of the period (ISO 8601), exclusive."];
        }
        else if (from is not null && (to <= from || to - from > MaxRange))
        {
            errors["to"] = ["Must be after 'from', and at most 366 days later."];
        }

        if (!GroupKeys.TryGetValue(groupBy, out var keyExpression))
        {
            errors["groupBy"] = ["Must be one of: day, country, sender, errorCode."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var app = http.User.Identity!.Name!;
        // One snapshot for the rollups' bookkeeping and the report: the job may seal a day or merge slices in between.
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        await using (var noJit = new NpgsqlCommand(DailyStats.NoJit, connection, transaction))
        {
            await noJit.ExecuteNonQueryAsync(cancellationToken);
        }

        var periods = await ReliabilityRollups.SealedPeriodsAsync(connection, transaction, from!.Value, to!.Value, cancellationToken);
        await using var command = periods.IsEmpty
            ? RawCommand(connection, transaction, keyExpression!, app, from.Value, to!.Value)
            : ReliabilityRollups.Command(connection, transaction, RollupKeys[groupBy], groupBy == "day", app, from.Value, to!.Value, periods);
        var (groups, totals) = await QueryAsync(command, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(new ChannelReliabilityReport(from.Value, to.Value, groupBy, totals, groups));
    }

    /// <summary>An ISO 8601 instant (UTC when it names no offset); null when absent or unreadable.</summary>
    private static DateTimeOffset? ParseInstant(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant) ? instant : null;

    /// <summary>
    /// One scan of the period's raw rows (index on app_id, created_at) computes every group, the totals and the
    /// fallbacks by reason, with grouping sets; the median time to delivery is exact. Used when no sealed day
    /// or slice of the rollups lies inside the period.
    /// </summary>
    private static NpgsqlCommand RawCommand(NpgsqlConnection connection, NpgsqlTransaction transaction, string keyExpression, string app, DateTimeOffset from, DateTimeOffset to)
    {
        var command = new NpgsqlCommand($"""
            SELECT GROUPING({keyExpression}) AS all_keys, GROUPING(fallback_reason) AS all_reasons,
                   {keyExpression} AS key, fallback_reason,
                   count(*)::int AS messages,
                   coalesce(sum(attempts), 0)::bigint AS attempts,
                   coalesce(sum(attempts * coalesce(segments, 1)), 0)::bigint AS segments,
                   (count(*) FILTER (WHERE status = $4))::int AS delivered,
                   (count(*) FILTER (WHERE status = $5))::int AS undelivered,
                   (count(*) FILTER (WHERE status = $6))::int AS failed,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM final_at - created_at)) FILTER (WHERE status = $4) AS median_seconds,
                   (count(*) FILTER (WHERE fallback_status IS NOT NULL))::int AS fallbacks,
                   (count(*) FILTER (WHERE fallback_status = $7))::int AS fallbacks_delivered,
                   (count(*) FILTER (WHERE provider_sid IS NOT NULL))::int AS handed_over,
                   (count(*) FILTER (WHERE confirmed_at IS NOT NULL))::int AS confirmed
            FROM messages
            WHERE app_id = $1 AND created_at >= $2 AND created_at < $3
            GROUP BY GROUPING SETS (({keyExpression}), (), ({keyExpression}, fallback_reason), (fallback_reason))
            """, connection, transaction);
        command.Parameters.Add(new() { Value = app });
        command.Parameters.Add(new() { Value = from });
        command.Parameters.Add(new() { Value = to });
        command.Parameters.Add(new() { Value = MessageStatus.Delivered });
        command.Parameters.Add(new() { Value = MessageStatus.Undelivered });
        command.Parameters.Add(new() { Value = MessageStatus.Failed });
        command.Parameters.Add(new() { Value = FallbackStatus.Delivered });
        return command;
    }

    /// <summary>
    /// Reads the report's grouping-set rows (raw or rollup query alike: the same columns, by name; the raw query's
    /// medians are exact, the rollup query's come from each group's histogram, the totals' from all of them merged).
    /// </summary>
    private static async Task<(List<ReliabilityGroup> Groups, ReliabilityGroup Totals)> QueryAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var groups = new SortedDictionary<string, ReliabilityGroup>(StringComparer.Ordinal);
        var reasons = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        const string TotalKey = "\u0000total";
        var allDeliveries = new LatencyHistogram();
        var fromHistograms = false;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            var columns = new ReportColumns(reader);
            fromHistograms = columns.MedianSeconds is null;
            while (await reader.ReadAsync(cancellationToken))
            {
                var key = reader.GetInt32(columns.AllKeys) == 1 ? TotalKey : reader.GetString(columns.Key);
                if (reader.GetInt32(columns.AllReasons) == 0)
                {
                    // A (key, reason) or (reason) row: only its count matters.
                    if (reader.GetNullableString(columns.FallbackReason) is { } reason)
                    {
                        (reasons.TryGetValue(key, out var byReason) ? byReason : reasons[key] = new(StringComparer.Ordinal))[reason] = reader.GetInt32(columns.Messages);
                    }

                    continue;
                }

                var delivered = reader.GetInt32(columns.Delivered);
                var undelivered = reader.GetInt32(columns.Undelivered);
                var failed = reader.GetInt32(columns.Failed);
                var final = delivered + undelivered + failed;
                var (handedOver, confirmed) = (reader.GetInt32(columns.HandedOver), reader.GetInt32(columns.Confirmed));
                groups[key] = new ReliabilityGroup(
                    Key: key == TotalKey ? "total" : key,
                    Messages: reader.GetInt32(columns.Messages),
                    Attempts: reader.GetInt64(columns.Attempts),
                    Delivered: delivered,
                    Undelivered: undelivered,
                    Failed: failed,
                    DeliveryRate: final == 0 ? null : Math.Round((double)delivered / final, 4),
                    MedianSecondsToDelivery: (columns.MedianSeconds is { } exact ? reader.GetNullable<double>(exact) : GroupMedian(reader, columns, allDeliveries)) is { } median
                        ? Math.Round(median, 3)
                        : null,
                    FallbacksTriggered: reader.GetInt32(columns.Fallbacks),
                    FallbacksByReason: new Dictionary<string, int>(),
                    FallbacksDelivered: reader.GetInt32(columns.FallbacksDelivered),
                    Confirmed: confirmed,
                    ConfirmedRate: handedOver == 0 ? null : Math.Round((double)confirmed / handedOver, 4),
                    Segments: reader.GetInt64(columns.Segments));
            }
        }

        if (fromHistograms && groups.TryGetValue(TotalKey, out var allGroups))
        {
            groups[TotalKey] = allGroups with { MedianSecondsToDelivery = allDeliveries.Median() is { } median ? Math.Round(median, 3) : null };
        }

        ReliabilityGroup WithReasons(string key, ReliabilityGroup group) =>
            group with { FallbacksByReason = reasons.TryGetValue(key, out var byReason) ? byReason : new Dictionary<string, int>() };

        var totals = groups.TryGetValue(TotalKey, out var total)
            ? WithReasons(TotalKey, total)
            : new ReliabilityGroup("total", 0, 0, 0, 0, 0, null, null, 0, new Dictionary<string, int>(), 0, 0, null, 0);
        var list = groups.Where(g => g.Key != TotalKey).Select(g => WithReasons(g.Key, g.Value)).ToList();
        return (list, totals);
    }

    /// <summary>The median of a rollup query's group row, from its histogram, which is added to <paramref name="all"/>.</summary>
    private static double? GroupMedian(NpgsqlDataReader reader, ReportColumns columns, LatencyHistogram all)
    {
        if (columns.LatencyBuckets is not { } buckets || columns.LatencyCounts is not { } counts || reader.IsDBNull(buckets))
        {
            return null;
        }

        var histogram = new LatencyHistogram();
        histogram.Add(reader.GetFieldValue<int[]>(buckets), reader.GetFieldValue<int[]>(counts));
        all.Add(histogram);
        return histogram.Median();
    }

    /// <summary>The report query's columns, looked up by name once per result set.</summary>
    private sealed class ReportColumns(NpgsqlDataReader reader)
    {
        public int AllKeys { get; } = reader.GetOrdinal("all_keys");
        public int AllReasons { get; } = reader.GetOrdinal("all_reasons");
        public int Key { get; } = reader.GetOrdinal("key");
        public int FallbackReason { get; } = reader.GetOrdinal("fallback_reason");
        public int Messages { get; } = reader.GetOrdinal("messages");
        public int Attempts { get; } = reader.GetOrdinal("attempts");
        public int Segments { get; } = reader.GetOrdinal("segments");
        public int Delivered { get; } = reader.GetOrdinal("delivered");
        public int Undelivered { get; } = reader.GetOrdinal("undelivered");
        public int Failed { get; } = reader.GetOrdinal("failed");
        /// <summary>The raw query's exact medians; null for the rollup query, whose rows carry histograms instead.</summary>
        public int? MedianSeconds { get; } = OrdinalIfAny(reader, "median_seconds");
        public int? LatencyBuckets { get; } = OrdinalIfAny(reader, "latency_buckets");
        public int? LatencyCounts { get; } = OrdinalIfAny(reader, "latency_counts");
        public int Fallbacks { get; } = reader.GetOrdinal("fallbacks");
        public int FallbacksDelivered { get; } = reader.GetOrdinal("fallbacks_delivered");
        public int HandedOver { get; } = reader.GetOrdinal("handed_over");
        public int Confirmed { get; } = reader.GetOrdinal("confirmed");

        private static int? OrdinalIfAny(NpgsqlDataReader reader, string name)
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                if (reader.GetName(i) == name)
                {
                    return i;
                }
            }

            return null;
        }
    }
}
