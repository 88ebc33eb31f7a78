namespace Notifications.Core.Inbound;

/// <summary>
/// An opt-in keyword received from <paramref name="Phone"/> (E.164) on our number <paramref name="To"/>: its exact
/// <paramref name="Text"/>, Twilio's <paramref name="MessageSid"/>, when it arrived, and the programs that send from
/// <paramref name="To"/> (the only ones it may confirm).
/// </summary>
public sealed record ConsentReply(string Phone, string To, string Text, string MessageSid, DateTimeOffset ReceivedAt, IReadOnlyList<string> Programs);
