namespace Notifications.Core.Messages;

/// <summary>The order statuses move in (owned by <see cref="MessageTransitions"/>).</summary>
public static class MessageStatusOrder
{
    public static int Rank(string status) => MessageTransitions.Rank(status);

    public static bool IsFinal(string status) => MessageTransitions.IsFinal(status);

    /// <summary>Whether a reported status may replace the current one: the status callback's move is in the table.</summary>
    public static bool Advances(string current, string reported) =>
        MessageTransitions.Report(reported) is { } trigger && MessageTransitions.Next(current, trigger).Allowed;
}
