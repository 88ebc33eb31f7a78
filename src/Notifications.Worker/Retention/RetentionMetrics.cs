using System.Diagnostics;
using System.Diagnostics.Metrics;
using Notifications.Core.Telemetry;

namespace Notifications.Worker.Retention;

/// <summary>The retention purge's counters on the <c>Notifications</c> meter; the only tag is the table.</summary>
public sealed class RetentionMetrics
{
    private readonly Counter<long> _purged;
    private readonly Counter<long> _batches;

    public RetentionMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(NotificationsMetrics.MeterName);
        _purged = meter.CreateCounter<long>("notifications.retention.purged", "{row}",
            "Rows the retention purge deleted, or whose body it cleared, by table");
        _batches = meter.CreateCounter<long>("notifications.retention.batches", "{batch}", "Retention purge statements run, by table");
    }

    public void Purged(string table, long rows)
    {
        var tags = new TagList { { "table", table } };
        _batches.Add(1, tags);
        if (rows > 0)
        {
            _purged.Add(rows, tags);
        }
    }
}
