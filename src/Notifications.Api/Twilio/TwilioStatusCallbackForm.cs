using System.Globalization;
using System.Text.Json.Serialization;

namespace Notifications.Api.Twilio;

/// <summary>The fields of a Twilio status callback (form-encoded, signed) that the service reads.</summary>
public sealed record TwilioStatusCallbackForm(
    [property: JsonPropertyName("MessageSid")] string MessageSid,
    [property: JsonPropertyName("MessageStatus")] string MessageStatus,
    [property: JsonPropertyName("ErrorCode")] int? ErrorCode)
{
    /// <summary>Reads the posted form; a missing field is empty, an unreadable error code is null.</summary>
    public static TwilioStatusCallbackForm Read(IFormCollection form)
    {
        ArgumentNullException.ThrowIfNull(form);
        return new(
            form["MessageSid"].ToString(),
            form["MessageStatus"].ToString(),
            int.TryParse(form["ErrorCode"], CultureInfo.InvariantCulture, out var code) ? code : null);
    }
}
