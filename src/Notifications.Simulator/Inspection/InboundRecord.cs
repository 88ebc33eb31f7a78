namespace Notifications.Simulator.Inspection;

/// <summary>
/// One inbound message the handset stand-in posted to the service: what was posted and the answer received
/// (<paramref name="HttpStatus"/> null when the service could not be reached; <paramref name="Answer"/> is the TwiML
/// or the error body, or the connection error).
/// </summary>
public sealed record InboundRecord(
    string MessageSid, string From, string To, string Body, DateTimeOffset PostedAt, int? HttpStatus, string Answer);
