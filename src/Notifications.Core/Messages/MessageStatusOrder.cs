namespace Notifications.Core.Messages;

/// <summary>The order statuses move in: a message's status only ever moves forward.</summary>
public static class MessageStatusOrder
{
    public static int Rank(string status) => status switch
    {
        MessageStatus.Accepted => 0,
        MessageStatus.Queued => 1,
        MessageStatus.Sending => 2,
        MessageStatus.Sent => 3,
        _ => 4, // delivered, undelivered, failed, suppressed, no_consent, canceled: final
    };

    public static bool IsFinal(string status) => Rank(status) == 4;

    /// <summary>Whether a reported status may replace the current one.</summary>
    public static bool Advances(string current, string reported) => Rank(reported) > Rank(current);

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
