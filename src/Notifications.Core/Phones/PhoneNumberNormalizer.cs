using System.Diagnostics.CodeAnalysis;
using PhoneNumbers;

namespace Notifications.Core.Phones;

/// <summary>Parses phone numbers with libphonenumber and formats them as E.164.</summary>
public static class PhoneNumberNormalizer
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    /// <summary>
    /// Accepts a number in international form ("+1 (415) 555-0123", "+14155550123") and returns it
    /// as E.164 with its ISO region. National forms are refused: the country would be a guess.
    /// </summary>
    public static bool TryNormalize(string? input, [NotNullWhen(true)] out string? e164, [NotNullWhen(true)] out string? region)
    {
        e164 = region = null;
        if (string.IsNullOrWhiteSpace(input) || !input.TrimStart().StartsWith('+'))
        {
            return false;
        }

        try
        {
            var number = Util.Parse(input, null);
            if (!Util.IsValidNumber(number))
            {
                return false;
            }

            e164 = Util.Format(number, PhoneNumberFormat.E164);
            region = Util.GetRegionCodeForNumber(number) ?? "ZZ";
            return true;
        }
        catch (NumberParseException)
        {
            return false;
        }
    }

    /// <summary>The ISO region of an E.164 number already normalised, or "ZZ".</summary>
    public static string RegionOf(string e164)
    {
        try
        {
            return Util.GetRegionCodeForNumber(Util.Parse(e164, null)) ?? "ZZ";
        }
        catch (NumberParseException)
        {
            return "ZZ";
        }
    }

    public const string ValidationMessage = "Must be a valid phone number in international format (E.164), for example +14155550123.";
}
