namespace Notifications.Core.Twilio;

/// <summary>One row of the delivery error policy.</summary>
public sealed record DeliveryRule(DeliveryAction Action, int MaxAttempts, TimeSpan RetryAfter);
