using System.Globalization;
using System.Text.Json;
using Notifications.Api.Http;
using Notifications.Core.Email;
using Notifications.Core.Messages;
using Notifications.Core.SendGrid;

namespace Notifications.Api.SendGrid;

/// <summary>
/// The shape of an event post, checked before any event is applied: a JSON array of objects whose fields the
/// service reads are strings (or absent) and fit the timeline's columns. Errors name the field as <c>[i].field</c>.
/// </summary>
internal static class SendGridEventValidator
{
    /// <summary>SendGrid's event names are short words; a longer one is not SendGrid's.</summary>
    public const int EventMaxLength = 32;

    /// <summary>An event is recorded once by <c>sendgrid:</c> and its id (<c>SendGridEvents.Parse</c>), in the timeline's external id.</summary>
    public const int EventIdMaxLength = MessageEvent.ExternalIdMaxLength - ExternalIdPrefixLength;

    /// <summary>The timeline's detail is the event name, <c>": "</c> and the reason.</summary>
    public const int ReasonMaxLength = MessageEvent.DetailMaxLength - EventMaxLength - 2;

    /// <summary>SendGrid's message id of an email event (the send's <c>X-Message-Id</c>, a dot and a suffix).</summary>
    public const int SgMessageIdMaxLength = 500;

    private const int ExternalIdPrefixLength = 9;

    public static void Validate(JsonElement root, Validation validation)
    {
        if (root.ValueKind != JsonValueKind.Array)
        {
            validation.Add("body", "Expected a JSON array of events.");
            return;
        }

        var index = 0;
        foreach (var item in root.EnumerateArray())
        {
            var prefix = $"[{index.ToString(CultureInfo.InvariantCulture)}]";
            if (item.ValueKind != JsonValueKind.Object)
            {
                validation.Add(prefix, "Expected an event object.");
            }
            else
            {
                Text(item, "sg_event_id", EventIdMaxLength, prefix, validation);
                Text(item, "event", EventMaxLength, prefix, validation);
                Text(item, "reason", ReasonMaxLength, prefix, validation);
                Text(item, SendGridEmailSender.MessageIdArgument, int.MaxValue, prefix, validation);
                if (item.TryGetProperty("event", out var name) && name.ValueKind == JsonValueKind.String
                    && EmailPreferenceEvents.IsPreference(name.GetString() ?? ""))
                {
                    // An unsubscribe, spam report or resubscribe is stored by its address, time and SendGrid message id.
                    Text(item, "email", EmailSuppression.EmailMaxLength, prefix, validation);
                    Text(item, "sg_message_id", SgMessageIdMaxLength, prefix, validation);
                    Timestamp(item, prefix, validation);
                }
            }

            index++;
        }
    }

    /// <summary>SendGrid's <c>timestamp</c>: Unix seconds, an integer.</summary>
    private static void Timestamp(JsonElement item, string prefix, Validation validation)
    {
        if (item.TryGetProperty("timestamp", out var value) && value.ValueKind != JsonValueKind.Null
            && (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var seconds) || seconds < 0 || seconds > MaxUnixSeconds))
        {
            validation.Add($"{prefix}.timestamp", "Must be the event's time in Unix seconds.");
        }
    }

    private const long MaxUnixSeconds = 253_402_300_799; // 9999-12-31T23:59:59Z

    private static void Text(JsonElement item, string name, int maxLength, string prefix, Validation validation)
    {
        if (!item.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        var field = $"{prefix}.{name}";
        if (value.ValueKind != JsonValueKind.String)
        {
            validation.Add(field, "Must be a string.");
            return;
        }

        string? text;
        try
        {
            text = value.GetString();
        }
        catch (InvalidOperationException)
        {
            // An escaped unpaired surrogate ("\ud800"): no string can hold it as text.
            validation.Add(field, "Must be valid Unicode text.");
            return;
        }

        validation.Text(field, text, maxLength);
    }
}
