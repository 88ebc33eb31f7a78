using System.Globalization;
using System.Text.Json.Serialization;
using Notifications.Api.Http;
using Notifications.Core.Messages;

namespace Notifications.Api.Twilio;

/// <summary>The fields of a Twilio status callback (form-encoded, signed) that the service reads.</summary>
public sealed record TwilioStatusCallbackForm(
    [property: JsonPropertyName("MessageSid")] string MessageSid,
    [property: JsonPropertyName("MessageStatus")] string MessageStatus,
    [property: JsonPropertyName("ErrorCode")] int? ErrorCode,
    [property: JsonPropertyName("To")] string? To = null)
{
    /// <summary>Twilio's statuses are short words; a longer one is not Twilio's.</summary>
    public const int MessageStatusMaxLength = 32;

    /// <summary>
    /// A callback is recorded by an external id of <c>twilio:</c> and the idempotency token, or <c>twilio:</c>,
    /// the SID, <c>:</c> and the status (<c>TwilioStatuses.Report</c>): both must fit the timeline's column.
    /// </summary>
    public const int IdempotencyTokenMaxLength = MessageEvent.ExternalIdMaxLength - ExternalIdPrefixLength;

    private const int ExternalIdPrefixLength = 7;

    /// <summary>Reads the posted form; a missing field is empty, an unreadable error code is null.</summary>
    public static TwilioStatusCallbackForm Read(IFormCollection form)
    {
        ArgumentNullException.ThrowIfNull(form);
        return new(
            form["MessageSid"].ToString(),
            form["MessageStatus"].ToString(),
            int.TryParse(form["ErrorCode"], CultureInfo.InvariantCulture, out var code) ? code : null,
            form["To"].ToString() is { Length: > 0 } to ? to : null);
    }

    /// <summary>
    /// Field errors, named as Twilio names the parameters, for what the columns cannot hold. <c>To</c> is optional
    /// (the message is found by its id or SID) but, when posted, must be a valid number in international form, as
    /// the API checks numbers.
    /// </summary>
    internal void Validate(Validation validation, string idempotencyToken)
    {
        if (MessageSid.Length == 0)
        {
            validation.Add("MessageSid", "Required in a status callback.");
        }

        if (MessageStatus.Length == 0)
        {
            validation.Add("MessageStatus", "Required in a status callback.");
        }

        validation.Text("MessageSid", MessageSid, Message.ProviderSidMaxLength);
        validation.Text("MessageStatus", MessageStatus, MessageStatusMaxLength);
        validation.Text(TwilioWebhooksApi.IdempotencyTokenHeader, idempotencyToken, IdempotencyTokenMaxLength);
        if (!string.IsNullOrEmpty(To))
        {
            validation.Phone("To", To, Message.ToMaxLength);
        }
    }
}
