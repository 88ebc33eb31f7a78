namespace Notifications.Core.Sms;

/// <summary>One sender's effective rate (messages per second) and when it last went down and up (<see cref="AimdRate"/>).</summary>
public sealed record AimdState(double Rate, DateTimeOffset DecreasedAt, DateTimeOffset IncreasedAt);
