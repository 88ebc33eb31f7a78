namespace Notifications.Core.Inbound;

/// <summary>
/// How the service answers an inbound message, worked out from its text alone: the TwiML reply, and the number
/// (E.164 when it is one) whose sends stop at once when <paramref name="OptOut"/>.
/// </summary>
public sealed record InboundAnswer(string Reply, bool OptOut, string Phone);
