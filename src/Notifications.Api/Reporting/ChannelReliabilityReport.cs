namespace Notifications.Api.Reporting;

/// <summary>Answer of <c>GET /api/reports/channel-reliability</c>.</summary>
public sealed record ChannelReliabilityReport(
    DateTimeOffset From,
    DateTimeOffset To,
    string GroupBy,
    ReliabilityGroup Totals,
    IReadOnlyList<ReliabilityGroup> Groups);
