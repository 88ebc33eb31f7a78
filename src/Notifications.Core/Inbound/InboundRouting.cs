namespace Notifications.Core.Inbound;

/// <summary>
/// The programs an inbound message concerns: those that send from the number it was sent to, or every program when no
/// configured sender has that number (<paramref name="Matched"/> false: a Messaging Service's pool number, say).
/// </summary>
public sealed record InboundRouting(IReadOnlyList<string> Programs, bool Matched);
