namespace Notifications.Api.Reporting;

/// <summary>
/// One group of the channel-reliability report. <see cref="Segments"/> is what Twilio bills: each message's
/// segments times its create calls.
/// </summary>
public sealed record ReliabilityGroup(
    string Key,
    int Messages,
    long Attempts,
    int Delivered,
    int Undelivered,
    int Failed,
    double? DeliveryRate,
    double? MedianSecondsToDelivery,
    int FallbacksTriggered,
    IReadOnlyDictionary<string, int> FallbacksByReason,
    int FallbacksDelivered,
    long Segments);
