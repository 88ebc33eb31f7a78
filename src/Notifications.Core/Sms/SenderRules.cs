using System.Text.RegularExpressions;

namespace Notifications.Core.Sms;

/// <summary>The regional sender rules (see the domain facts): what each country accepts, checked at start-up.</summary>
public static partial class SenderRules
{
    public const string DefaultKey = "default";

    /// <summary>Countries where only a sender registered for that country may be used.</summary>
    public static readonly IReadOnlySet<string> RequireRegisteredSender = new HashSet<string>(StringComparer.Ordinal)
    {
        "IN", "GB",
        // Most African markets: alphanumeric senders pre-registered with each operator.
        "NG", "KE", "ZA", "GH", "TZ", "UG", "RW", "EG", "MA", "CI", "SN", "CM", "ZM", "ZW", "ET", "MZ", "AO",
    };

    private static readonly HashSet<string> GenericSenderNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "INFO", "ALERT", "ALERTS", "VERIFY", "SMS", "TEXT", "NOTICE", "MESSAGE", "BANK", "OTP", "CODE", "SECURITY", "UPDATE", "NEWS",
    };

    /// <summary>Problems with one configured sender, each naming its configuration key (under <paramref name="section"/>).</summary>
    public static IEnumerable<string> Validate(string key, SenderOptions sender, string section = SmsSendersOptions.SectionName)
    {
        var prefix = $"{section}:{key}";
        if (sender.From is null && sender.MessagingServiceSid is null)
        {
            yield return $"{prefix}:From (or {prefix}:MessagingServiceSid) is required.";
            yield break;
        }

        if (sender.MessagingServiceSid is { } sid && !MessagingServiceSid().IsMatch(sid))
        {
            yield return $"{prefix}:MessagingServiceSid must be MG followed by 32 hex digits.";
        }

        if (sender.MessagesPerSecond is <= 0 or > 10_000)
        {
            yield return $"{prefix}:MessagesPerSecond must be between 0 and 10,000.";
        }

        var from = sender.From;
        switch (key.ToUpperInvariant())
        {
            case "IN":
                if (from is null || !IndiaHeader().IsMatch(from))
                {
                    yield return $"{prefix}:From must be the 6-letter header registered on India's DLT platform.";
                }

                if (string.IsNullOrWhiteSpace(sender.DltEntityId))
                {
                    yield return $"{prefix}:DltEntityId is required (the principal entity ID registered on DLT).";
                }

                if (string.IsNullOrWhiteSpace(sender.DltTemplateId))
                {
                    yield return $"{prefix}:DltTemplateId is required (the approved DLT content template).";
                }

                break;
            case "GB":
                if (from is not null && !UkShortCode().IsMatch(from) && !IsAlphanumericSender(from))
                {
                    yield return $"{prefix}:From must be a 5-digit short code or an alphanumeric sender of at most 11 characters.";
                }
                else if (from is not null && GenericSenderNames.Contains(from))
                {
                    yield return $"{prefix}:From '{from}' is a generic name UK carriers block; use the brand.";
                }

                break;
            case "US" or "CA" or "DEFAULT":
                if (from is not null && !from.StartsWith('+') && !from.All(char.IsAsciiDigit))
                {
                    yield return $"{prefix}:From must be a phone number or short code: US and Canadian carriers do not accept alphanumeric senders.";
                }

                break;
            default:
                if (RequireRegisteredSender.Contains(key.ToUpperInvariant()) && from is not null && !IsAlphanumericSender(from) && !from.StartsWith('+'))
                {
                    yield return $"{prefix}:From must be the alphanumeric sender registered with the operators (at most 11 characters).";
                }

                break;
        }
    }

    public static bool IsAlphanumericSender(string from) => AlphanumericSender().IsMatch(from) && from.Any(char.IsAsciiLetter);

    [GeneratedRegex("^MG[0-9a-fA-F]{32}$")]
    private static partial Regex MessagingServiceSid();

    [GeneratedRegex("^[A-Za-z]{6}$")]
    private static partial Regex IndiaHeader();

    [GeneratedRegex("^[0-9]{5}$")]
    private static partial Regex UkShortCode();

    [GeneratedRegex("^[A-Za-z0-9 ]{1,11}$")]
    private static partial Regex AlphanumericSender();
}
