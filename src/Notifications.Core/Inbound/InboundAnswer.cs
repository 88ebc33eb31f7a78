namespace Notifications.Core.Inbound;

/// <summary>
/// How the service answers an inbound message, worked out from its text and the number it was sent to alone: the TwiML
/// reply, the number (E.164 when it is one) whose sends stop at once when <paramref name="OptOut"/>, and the programs the
/// message concerns (those that send from its <c>To</c>).
/// </summary>
public sealed record InboundAnswer(string Reply, bool OptOut, string Phone, IReadOnlyList<string> Programs);
