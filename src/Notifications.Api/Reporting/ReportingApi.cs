using Microsoft.AspNetCore.Http.HttpResults;
using Notifications.Api.Auth;
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

    private static readonly TimeSpan MaxRange = TimeSpan.FromDays(366);

    public static IEndpointRouteBuilder MapReportingApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/reports/channel-reliability", GetChannelReliability)
            .RequireApiKey()
            .WithTags("Reports")
            .WithName("ChannelReliability")
            .WithSummary("Attempts, outcomes, delivery rate, median time to delivery and fallbacks, grouped")
            .WithDescription("The calling app's messages created in [from, to) (ISO 8601, at most 366 days), grouped by "
                + "groupBy: day (UTC, the default), country, sender or errorCode; with the totals and the fallbacks by reason.");
        return endpoints;
    }

    public static async Task<Results<Ok<ChannelReliabilityReport>, ValidationProblem>> GetChannelReliability(
        DateTimeOffset? from, DateTimeOffset? to, string? groupBy, HttpContext http, NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        groupBy ??= "day";
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
        var (groups, totals) = await QueryAsync(dataSource, keyExpression!, app, from!.Value, to!.Value, cancellationToken);
        return TypedResults.Ok(new ChannelReliabilityReport(from.Value, to.Value, groupBy, totals, groups));
    }

    /// <summary>
    /// One scan of the period (index on app_id, created_at) computes every group, the totals and the
    /// fallbacks by reason, with grouping sets.
    /// </summary>
    private static async Task<(List<ReliabilityGroup> Groups, ReliabilityGroup Totals)> QueryAsync(
        NpgsqlDataSource dataSource, string keyExpression, string app, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT GROUPING({keyExpression}) AS all_keys, GROUPING(fallback_reason) AS all_reasons,
                   {keyExpression} AS key, fallback_reason,
                   count(*)::int,
                   coalesce(sum(attempts), 0)::bigint,
                   (count(*) FILTER (WHERE status = 'delivered'))::int,
                   (count(*) FILTER (WHERE status = 'undelivered'))::int,
                   (count(*) FILTER (WHERE status = 'failed'))::int,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM final_at - created_at)) FILTER (WHERE status = 'delivered'),
                   (count(*) FILTER (WHERE fallback_status IS NOT NULL))::int,
                   (count(*) FILTER (WHERE fallback_status = 'delivered'))::int
            FROM messages
            WHERE app_id = $1 AND created_at >= $2 AND created_at < $3
            GROUP BY GROUPING SETS (({keyExpression}), (), ({keyExpression}, fallback_reason), (fallback_reason))
            """);
        command.Parameters.Add(new() { Value = app });
        command.Parameters.Add(new() { Value = from });
        command.Parameters.Add(new() { Value = to });

        var groups = new SortedDictionary<string, ReliabilityGroup>(StringComparer.Ordinal);
        var reasons = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        const string TotalKey = "\u0000total";
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var key = reader.GetInt32(0) == 1 ? TotalKey : reader.GetString(2);
                if (reader.GetInt32(1) == 0)
                {
                    // A (key, reason) or (reason) row: only its count matters.
                    if (!reader.IsDBNull(3))
                    {
                        (reasons.TryGetValue(key, out var byReason) ? byReason : reasons[key] = new(StringComparer.Ordinal))[reader.GetString(3)] = reader.GetInt32(4);
                    }

                    continue;
                }

                var delivered = reader.GetInt32(6);
                var undelivered = reader.GetInt32(7);
                var failed = reader.GetInt32(8);
                var final = delivered + undelivered + failed;
                groups[key] = new ReliabilityGroup(
                    Key: key == TotalKey ? "total" : key,
                    Messages: reader.GetInt32(4),
                    Attempts: reader.GetInt64(5),
                    Delivered: delivered,
                    Undelivered: undelivered,
                    Failed: failed,
                    DeliveryRate: final == 0 ? null : Math.Round((double)delivered / final, 4),
                    MedianSecondsToDelivery: reader.IsDBNull(9) ? null : Math.Round(reader.GetDouble(9), 3),
                    FallbacksTriggered: reader.GetInt32(10),
                    FallbacksByReason: new Dictionary<string, int>(),
                    FallbacksDelivered: reader.GetInt32(11));
            }
        }

        ReliabilityGroup WithReasons(string key, ReliabilityGroup group) =>
            group with { FallbacksByReason = reasons.TryGetValue(key, out var byReason) ? byReason : new Dictionary<string, int>() };

        var totals = groups.TryGetValue(TotalKey, out var total)
            ? WithReasons(TotalKey, total)
            : new ReliabilityGroup("total", 0, 0, 0, 0, 0, null, null, 0, new Dictionary<string, int>(), 0);
        var list = groups.Where(g => g.Key != TotalKey).Select(g => WithReasons(g.Key, g.Value)).ToList();
        return (list, totals);
    }
}
