namespace Notifications.Worker.Dispatch;

/// <summary>Reconciliation thresholds, configuration section <c>Reconciliation</c>.</summary>
public sealed class ReconciliationOptions
{
    public const string SectionName = "Reconciliation";

    /// <summary>Queued or sending for longer than this is stuck. The default value is 15 minutes.</summary>
    public TimeSpan QueuedAfter { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Sent without a receipt for longer than this is looked up. The default value is 2 hours.</summary>
    public TimeSpan SentAfter { get; set; } = TimeSpan.FromHours(2);

    /// <summary>Still sent this long after acceptance: no receipt will come. The default value is 72 hours.</summary>
    public TimeSpan NoReceiptAfter { get; set; } = TimeSpan.FromHours(72);

    /// <summary>A message looked up is not looked up again before this. The default value is 15 minutes.</summary>
    public TimeSpan RecheckAfter { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Messages looked up per run. The default value is 500.</summary>
    public int BatchSize { get; set; } = 500;
}
