namespace Notifications.Simulator.Inspection;

/// <summary>A message create the simulator refused, with Twilio's error code (21211, 21610, 20429, ...) and HTTP status.</summary>
public sealed record RejectedCreate(
    string To, string? From, string? MessagingServiceSid, string Body, int HttpStatus, int ErrorCode, string ErrorMessage, DateTimeOffset At);
