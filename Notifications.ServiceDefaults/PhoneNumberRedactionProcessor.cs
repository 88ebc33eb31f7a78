using System.Diagnostics;
using System.Text.RegularExpressions;
using OpenTelemetry;

namespace Notifications.ServiceDefaults;

/// <summary>
/// Replaces phone numbers in span names and tag values with <c>[phone]</c> before export: E.164
/// numbers written with their plus (<c>+14155550123</c>), URL-encoded (<c>%2B14155550123</c>, as in
/// request paths and query strings), and the phone segment of the consent routes
/// (<c>/api/consents/14155550123/revoke</c>). Other runs of digits, such as epoch-millisecond
/// timestamps, are left alone: only the plus or the route says a number is a phone number.
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

    /// <summary>Whether <paramref name="text"/> holds something <see cref="Redact"/> would replace.</summary>
    public static bool ContainsPhoneNumber(string text) => PhoneNumber().IsMatch(text);

    /// <summary>
    /// 8 to 15 digits after a plus or its URL encoding (any case), or making up the whole path segment
    /// after <c>/consents/</c> (which ends the text, or is followed by a slash, a query, a space or a quote,
    /// as in a logged request line); never part of a longer run of digits.
    /// </summary>
    [GeneratedRegex(@"(?:\+|%2[Bb])\d{8,15}(?!\d)|(?<=/consents/)\d{8,15}(?!\w)", RegexOptions.CultureInvariant)]
    private static partial Regex PhoneNumber();
}
