namespace Notifications.Worker.Dispatch;

/// <summary>What the send-window step reads for a batch, in one round trip (<see cref="ScheduleStore.ReadAsync"/>).</summary>
public sealed class ScheduleFacts
{
    /// <summary>Each message's <c>valid_until</c> and <c>cap_counted_at</c>.</summary>
    public Dictionary<Guid, (DateTimeOffset? ValidUntil, DateTimeOffset? CapCountedAt)> Messages { get; } = [];

    /// <summary>The consent time zones, by (program, number).</summary>
    public Dictionary<(string Program, string Phone), string> TimeZones { get; } = [];

    /// <summary>The sends a frequency cap counted, by (program, number, purpose): when each was counted.</summary>
    public Dictionary<(string Program, string To, string Purpose), List<DateTimeOffset>> Counted { get; } = [];
}
