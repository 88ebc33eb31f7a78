namespace Notifications.Core.Inbound;

/// <summary>The parts of Twilio's inbound-message webhook the service keeps.</summary>
public sealed record InboundSms(string MessageSid, string? IdempotencyToken, string From, string To, string Body);
