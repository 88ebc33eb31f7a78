namespace Notifications.IntegrationTests.ConsentRequests;

/// <summary>
/// The system clock moved by <see cref="Offset"/>: "a day later" without waiting a day, while timers and delays
/// of the api's background services still run in real time (a frozen clock would stop them).
/// </summary>
internal sealed class ShiftedTimeProvider : TimeProvider
{
    public TimeSpan Offset { get; set; }

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;
}
