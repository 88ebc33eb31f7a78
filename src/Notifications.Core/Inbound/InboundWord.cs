namespace Notifications.Core.Inbound;

/// <summary>One word of an inbound message, normalised (see <see cref="InboundText"/>), and whether it was written in capitals.</summary>
internal readonly record struct InboundWord(string Text, bool Shouted, bool HasLetters);
