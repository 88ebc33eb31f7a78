using Notifications.Client;

namespace BookingReminders.Bookings;

/// <summary>Reads a text's current status through the client, for the bookings page.</summary>
public sealed class MessageStates(NotificationsClient notifications)
{
    /// <summary>The message's status now; null for no message; the API's problem in place of a status when it has one.</summary>
    public async Task<MessageState?> ReadAsync(Guid? id, CancellationToken cancellationToken)
    {
        if (id is not { } messageId)
        {
            return null;
        }

        try
        {
            var message = await notifications.GetMessageAsync(messageId, cancellationToken);
            return new MessageState(messageId, message.Status, message.Fallback?.Status);
        }
        catch (NotificationsApiException ex)
        {
            return new MessageState(messageId, $"unknown ({(int)ex.StatusCode} {ex.Title})", null);
        }
        catch (HttpRequestException)
        {
            return new MessageState(messageId, "unknown (Notifications could not be reached)", null);
        }
    }
}
