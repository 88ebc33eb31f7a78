namespace Notifications.Core.Messages;

/// <summary>Twilio's statuses onto ours, and the order ours move in (owned by <see cref="MessageTransitions"/>).</summary>
public static class MessageStatusOrder
{
    public static int Rank(string status) => MessageTransitions.Rank(status);

    public static bool IsFinal(string status) => MessageTransitions.IsFinal(status);

    /// <summary>Whether a reported status may replace the current one: the status callback's move is in the table.</summary>
    public static bool Advances(string current, string reported) =>
        MessageTransitions.Report(reported) is { } trigger && MessageTransitions.Next(current, trigger).Allowed;

    /// <summary>Maps a Twilio message status onto ours; null for statuses we do not track.</summary>
    public static string? FromTwilio(string? twilioStatus) => twilioStatus switch
    {
        "accepted" or "scheduled" or "queued" => MessageStatus.Queued,
        "sending" => MessageStatus.Sending,
        "sent" => MessageStatus.Sent,
        "delivered" or "read" => MessageStatus.Delivered,
        "undelivered" => MessageStatus.Undelivered,
        "failed" => MessageStatus.Failed,
        "canceled" => MessageStatus.Canceled,
        _ => null,
    };
}
