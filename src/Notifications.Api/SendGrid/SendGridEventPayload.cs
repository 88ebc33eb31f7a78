using System.Text.Json.Serialization;
using Notifications.Core.SendGrid;

namespace Notifications.Api.SendGrid;

/// <summary>
/// The fields of one SendGrid event that the service reads (for the OpenAPI document; events are read with
/// <c>SendGridEvents.Parse</c> and <c>SendGridEvents.Preference</c>). Events without an id or a type are ignored;
/// so are delivery events without our message id. Unsubscribes, spam reports and resubscribes need the address;
/// their program comes from our message id or SendGrid's <c>sg_message_id</c>, their time from <c>timestamp</c>.
/// </summary>
public sealed record SendGridEventPayload(
    [property: JsonPropertyName("sg_event_id")] string SgEventId,
    [property: JsonPropertyName("event")] string Event,
    [property: JsonPropertyName(SendGridEmailSender.MessageIdArgument)] Guid? NotificationMessageId,
    [property: JsonPropertyName("reason")] string? Reason,
    [property: JsonPropertyName("email")] string? Email,
    [property: JsonPropertyName("timestamp")] long? Timestamp,
    [property: JsonPropertyName("sg_message_id")] string? SgMessageId);
