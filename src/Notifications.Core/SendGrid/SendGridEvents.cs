using System.Text.Json;
using Notifications.Core.Email;
using Notifications.Core.Messages;

namespace Notifications.Core.SendGrid;

/// <summary>SendGrid's event webhook in our terms.</summary>
public static class SendGridEvents
{
    /// <summary>Reads an event; null when it is not about one of our fallback emails.</summary>
    public static EmailEvent? Parse(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object
            || !json.TryGetProperty("sg_event_id", out var id) || id.GetString() is not { Length: > 0 } eventId
            || !json.TryGetProperty("event", out var type) || type.GetString() is not { Length: > 0 } eventName
            || !json.TryGetProperty(SendGridEmailSender.MessageIdArgument, out var messageId) || !Guid.TryParse(messageId.GetString(), out var message))
        {
            return null;
        }

        var reason = json.TryGetProperty("reason", out var r) ? r.GetString() : null;
        return new EmailEvent($"sendgrid:{eventId}", message, Trigger(eventName), reason is null ? eventName : $"{eventName}: {reason}");
    }

    /// <summary>
    /// Reads an unsubscribe, group unsubscribe, spam report or group resubscribe (<see cref="EmailPreferenceEvents"/>);
    /// null for any other event, or one without an id or an address. Its time is the event's <c>timestamp</c>
    /// (Unix seconds), <paramref name="receivedAt"/> when it has none; its message, our custom arg and SendGrid's
    /// <c>sg_message_id</c> (whose part before the first dot is the <c>X-Message-Id</c> the send was answered with).
    /// </summary>
    public static EmailPreference? Preference(JsonElement json, DateTimeOffset receivedAt)
    {
        if (json.ValueKind != JsonValueKind.Object
            || !json.TryGetProperty("sg_event_id", out var id) || id.ValueKind != JsonValueKind.String || id.GetString() is not { Length: > 0 } eventId
            || !json.TryGetProperty("event", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() is not { } eventName
            || !EmailPreferenceEvents.IsPreference(eventName)
            || !json.TryGetProperty("email", out var address) || address.ValueKind != JsonValueKind.String || address.GetString() is not { } email
            || string.IsNullOrWhiteSpace(email))
        {
            return null;
        }

        var at = json.TryGetProperty("timestamp", out var timestamp) && timestamp.ValueKind == JsonValueKind.Number && timestamp.TryGetInt64(out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : receivedAt;
        Guid? messageId = json.TryGetProperty(SendGridEmailSender.MessageIdArgument, out var ours) && ours.ValueKind == JsonValueKind.String
            && Guid.TryParse(ours.GetString(), out var message) ? message : null;
        var providerId = json.TryGetProperty("sg_message_id", out var sg) && sg.ValueKind == JsonValueKind.String && sg.GetString() is { Length: > 0 } sgMessageId
            ? sgMessageId.Split('.')[0]
            : null;
        return new EmailPreference(eventId, eventName, email, at, messageId, providerId);
    }

    /// <summary>How a SendGrid event moves <c>fallback.status</c>; null for events that do not.</summary>
    public static FallbackTrigger? Trigger(string eventName) => eventName switch
    {
        "delivered" => FallbackTrigger.Deliver,
        "bounce" => FallbackTrigger.Bounce,
        "dropped" => FallbackTrigger.Drop,
        "processed" or "deferred" => FallbackTrigger.Send,
        _ => null,
    };
}
