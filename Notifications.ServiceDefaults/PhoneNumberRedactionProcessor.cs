using System.Diagnostics;
using System.Text.RegularExpressions;
using OpenTelemetry;

namespace Notifications.ServiceDefaults;

/// <summary>
/// Replaces anything shaped like a phone number in span names and tag values (URL paths such as
/// <c>/api/consents/+14155550123</c>, query strings) with <c>[phone]</c> before export.
/// </summary>
public sealed partial class PhoneNumberRedactionProcessor : BaseProcessor<Activity>
{
    public const string Replacement = "[phone]";

    public override void OnEnd(Activity data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (PhoneNumber().IsMatch(data.DisplayName))
        {
            data.DisplayName = Redact(data.DisplayName);
        }

        foreach (var tag in data.TagObjects.ToList())
        {
            if (tag.Value is string text && PhoneNumber().IsMatch(text))
            {
                data.SetTag(tag.Key, Redact(text));
            }
        }
    }

    public static string Redact(string text) => PhoneNumber().Replace(text, Replacement);

    /// <summary>E.164 with or without the plus, URL-encoded or not (%2B), 8 to 15 digits.</summary>
    [GeneratedRegex(@"(?:\+|%2B|%2b)?\b\d{8,15}\b", RegexOptions.CultureInvariant)]
    private static partial Regex PhoneNumber();
}
