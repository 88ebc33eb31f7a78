using System.Globalization;
using System.Text.Json;
using Notifications.Api.Http;
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
            }

            index++;
        }
    }

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
