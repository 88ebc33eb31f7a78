namespace Notifications.Api.Messages;

/// <summary>Answer of <c>POST /api/messages</c>: the message, its status, and how its body travels (<c>GSM-7</c> or <c>UCS-2</c>, in how many segments).</summary>
public sealed record AcceptedMessage(Guid Id, string Status, string Encoding, int Segments);
