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
            .RequireAuthorization(ApiKeyServiceExtensions.AppsPolicy)
            .WithTags("Reports")
            .WithName("ChannelReliability")
            .WithSummary("Attempts, outcomes, delivery rate, median time to delivery and fallbacks, grouped");
        return endpoints;
    }

    public static async Task<IResult> GetChannelReliability(
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
            return Results.ValidationProblem(errors);
        }

        var app = http.User.Identity!.Name!;
        var groups = await QueryAsync(dataSource, keyExpression!, app, from!.Value, to!.Value, cancellationToken);
        var totals = (await QueryAsync(dataSource, "'total'", app, from.Value, to.Value, cancellationToken)).SingleOrDefault()
            ?? new ReliabilityGroup("total", 0, 0, 0, 0, 0, null, null, 0, new Dictionary<string, int>(), 0);
        return Results.Ok(new ChannelReliabilityReport(from.Value, to.Value, groupBy, totals, groups));
    }

    private static async Task<List<ReliabilityGroup>> QueryAsync(
        NpgsqlDataSource dataSource, string keyExpression, string app, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        // One scan of the period (index on app_id, created_at); fallbacks by reason come from the same rows.
        await using var command = dataSource.CreateCommand($"""
            WITH period AS (
                SELECT {keyExpression} AS key, status, attempts, created_at, final_at, fallback_status, fallback_reason
                FROM messages
                WHERE app_id = $1 AND created_at >= $2 AND created_at < $3)
            SELECT p.key,
                   count(*)::int,
                   coalesce(sum(p.attempts), 0)::bigint,
                   (count(*) FILTER (WHERE p.status = 'delivered'))::int,
                   (count(*) FILTER (WHERE p.status = 'undelivered'))::int,
                   (count(*) FILTER (WHERE p.status = 'failed'))::int,
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM p.final_at - p.created_at)) FILTER (WHERE p.status = 'delivered'),
                   (count(*) FILTER (WHERE p.fallback_status IS NOT NULL))::int,
                   (count(*) FILTER (WHERE p.fallback_status = 'delivered'))::int,
                   (SELECT coalesce(jsonb_object_agg(r.reason, r.n), jsonb_build_object())::text FROM (
                        SELECT fallback_reason AS reason, count(*) AS n FROM period q
                        WHERE q.key = p.key AND q.fallback_reason IS NOT NULL GROUP BY fallback_reason) r)
            FROM period p
            GROUP BY p.key
            ORDER BY p.key
            """);
        command.Parameters.Add(new() { Value = app });
        command.Parameters.Add(new() { Value = from });
        command.Parameters.Add(new() { Value = to });

        var groups = new List<ReliabilityGroup>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var delivered = reader.GetInt32(3);
            var undelivered = reader.GetInt32(4);
            var failed = reader.GetInt32(5);
            var final = delivered + undelivered + failed;
            groups.Add(new ReliabilityGroup(
                Key: reader.GetString(0),
                Messages: reader.GetInt32(1),
                Attempts: reader.GetInt64(2),
                Delivered: delivered,
                Undelivered: undelivered,
                Failed: failed,
                DeliveryRate: final == 0 ? null : Math.Round((double)delivered / final, 4),
                MedianSecondsToDelivery: reader.IsDBNull(6) ? null : Math.Round(reader.GetDouble(6), 3),
                FallbacksTriggered: reader.GetInt32(7),
                FallbacksByReason: System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, int>>(reader.GetString(9))!,
                FallbacksDelivered: reader.GetInt32(8)));
        }

        return groups;
    }
}
