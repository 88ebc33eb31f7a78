namespace Notifications.Api.Reporting;

/// <summary>
/// One group of the channel-reliability report. <see cref="Confirmed"/> counts the messages an app confirmed the recipient
/// acted on (<c>POST /api/messages/{id}/confirm</c>); <see cref="ConfirmedRate"/> is that over the messages handed to Twilio.
/// <see cref="Segments"/> is what Twilio bills: each message's segments times its create calls.
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
    int Confirmed,
    double? ConfirmedRate,
    long Segments);
