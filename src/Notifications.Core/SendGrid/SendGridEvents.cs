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
