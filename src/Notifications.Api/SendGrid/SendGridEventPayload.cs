using System.Text.Json.Serialization;
using Notifications.Core.Email;
using Notifications.Core.SendGrid;

namespace Notifications.Api.SendGrid;

/// <summary>
/// The fields of one SendGrid event that the service reads (for the OpenAPI document; events are read with
/// <c>SendGridEvents.Parse</c>). Events without an id, a type or our message id are ignored.
/// </summary>
public sealed record SendGridEventPayload(
    [property: JsonPropertyName("sg_event_id")] string SgEventId,
    [property: JsonPropertyName("event")] string Event,
    [property: JsonPropertyName(SendGridEmailSender.MessageIdArgument)] Guid NotificationMessageId,
    [property: JsonPropertyName("reason")] string? Reason);
