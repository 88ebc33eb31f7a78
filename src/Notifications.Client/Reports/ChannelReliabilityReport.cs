namespace Notifications.Client.Reports;

/// <summary>How reliable the SMS channel was for the app's messages created in [<see cref="From"/>, <see cref="To"/>).</summary>
public sealed record ChannelReliabilityReport
{
    /// <summary>The start of the period, inclusive.</summary>
    public DateTimeOffset From { get; init; }

    /// <summary>The end of the period, exclusive.</summary>
    public DateTimeOffset To { get; init; }

    /// <summary>How the groups are keyed: <c>day</c>, <c>country</c>, <c>sender</c> or <c>errorCode</c>.</summary>
    public string GroupBy { get; init; } = "";

    /// <summary>The whole period.</summary>
    public ReliabilityGroup Totals { get; init; } = new();

    /// <summary>One entry per group.</summary>
    public IReadOnlyList<ReliabilityGroup> Groups { get; init; } = [];
}
