using System.Text.Json.Serialization;

namespace Notifications.Api.Twilio;

/// <summary>The fields of a Twilio inbound-message webhook (form-encoded, signed) that the service reads.</summary>
public sealed record TwilioInboundMessageForm(
    [property: JsonPropertyName("MessageSid")] string MessageSid,
    [property: JsonPropertyName("From")] string From,
    [property: JsonPropertyName("To")] string To,
    [property: JsonPropertyName("Body")] string Body)
{
    /// <summary>Reads the posted form; a missing field is empty.</summary>
    public static TwilioInboundMessageForm Read(IFormCollection form)
    {
        ArgumentNullException.ThrowIfNull(form);
        return new(form["MessageSid"].ToString(), form["From"].ToString(), form["To"].ToString(), form["Body"].ToString());
    }
}
