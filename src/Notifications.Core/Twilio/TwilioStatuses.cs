using Notifications.Core.Messages;

namespace Notifications.Core.Twilio;

/// <summary>Twilio's message statuses in our terms.</summary>
public static class TwilioStatuses
{
    /// <summary>Maps a Twilio message status onto ours; null for statuses we do not track.</summary>
    public static string? ToMessageStatus(string? twilioStatus) => twilioStatus switch
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

    /// <summary>
    /// A status report in our terms. Repeats are recognised by Twilio's idempotency token when it sent one,
    /// otherwise by the SID and status.
    /// </summary>
    public static StatusCallback Report(Guid? messageId, string messageSid, string twilioStatus, int? errorCode, string? idempotencyToken) =>
        new(messageId, messageSid, ToMessageStatus(twilioStatus), twilioStatus, errorCode,
            idempotencyToken is { Length: > 0 } token ? $"twilio:{token}" : $"twilio:{messageSid}:{twilioStatus}");
}
