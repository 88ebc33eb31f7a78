using System.Text.Json.Serialization;
using Notifications.Api.Http;
using Notifications.Core.Consent;
using Notifications.Core.Inbound;

namespace Notifications.Api.Twilio;

/// <summary>The fields of a Twilio inbound-message webhook (form-encoded, signed) that the service reads.</summary>
public sealed record TwilioInboundMessageForm(
    [property: JsonPropertyName("MessageSid")] string MessageSid,
    [property: JsonPropertyName("From")] string From,
    [property: JsonPropertyName("To")] string To,
    [property: JsonPropertyName("Body")] string Body)
{
    /// <summary>
    /// The longest sender kept, after normalisation to E.164: the inbound message and, for an opt-out, the consent
    /// ledger and the suppression list hold it.
    /// </summary>
    public const int FromMaxLength = ConsentEvent.PhoneMaxLength < InboundMessage.FromMaxLength ? ConsentEvent.PhoneMaxLength : InboundMessage.FromMaxLength;

    /// <summary>The longest body kept: it is the inbound message's body and, for keywords, the consent event's text received.</summary>
    public const int BodyMaxLength = InboundMessage.BodyMaxLength < ConsentEvent.TextReceivedMaxLength ? InboundMessage.BodyMaxLength : ConsentEvent.TextReceivedMaxLength;

    /// <summary>Reads the posted form; a missing field is empty.</summary>
    public static TwilioInboundMessageForm Read(IFormCollection form)
    {
        ArgumentNullException.ThrowIfNull(form);
        return new(form["MessageSid"].ToString(), form["From"].ToString(), form["To"].ToString(), form["Body"].ToString());
    }

    /// <summary>
    /// Field errors, named as Twilio names the parameters, for what the columns cannot hold: <c>From</c> must be a
    /// valid number in international form (libphonenumber, as the API checks numbers).
    /// </summary>
    internal void Validate(Validation validation, string idempotencyToken)
    {
        if (MessageSid.Length == 0)
        {
            validation.Add("MessageSid", "Required in an inbound-message webhook.");
        }

        if (From.Length == 0)
        {
            validation.Add("From", "Required in an inbound-message webhook.");
        }

        validation.Text("MessageSid", MessageSid, Math.Min(InboundMessage.MessageSidMaxLength, ConsentEvent.InboundMessageSidMaxLength));
        if (From.Length > 0)
        {
            // The same check as the API's: a sender that is not a valid number in international form is refused
            // before anything is recorded (no inbound row, no consent event).
            validation.Phone("From", From, FromMaxLength);
        }

        validation.Text("To", To, InboundMessage.ToMaxLength);
        validation.Text("Body", Body, BodyMaxLength);
        validation.Text(TwilioWebhooksApi.IdempotencyTokenHeader, idempotencyToken, InboundMessage.IdempotencyTokenMaxLength);
    }
}
