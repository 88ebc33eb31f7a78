namespace Notifications.Core.Messages;

/// <summary>
/// The segments one app's accepted messages took on one UTC day, counted against its
/// <c>Apps:&lt;app&gt;:DailySegmentLimit</c> in the transaction that accepts them.
/// </summary>
public sealed class SegmentBudgetDay
{
    public required string AppId { get; set; }

    /// <summary>The UTC day of acceptance.</summary>
    public DateOnly Day { get; set; }

    public long Segments { get; set; }
}
