using System.Collections.Frozen;
using System.Text;

namespace Notifications.Core.Sms;

/// <summary>
/// The encoding and segment count of an SMS body, counted the way handsets and Twilio split it, and Smart
/// Encoding (Unicode look-alikes replaced by GSM-7 characters before counting and sending).
/// <list type="bullet">
/// <item>GSM-7 when every character is in the GSM 03.38 basic set or its extension table; an extension
/// character (<c>^ { } \ [ ~ ] | €</c> and form feed) costs two septets. One segment up to 160 septets;
/// beyond that 153 per segment, and an extension character (escape and character) is never split across two.</item>
/// <item>UCS-2 otherwise: one segment up to 70 UTF-16 code units (a character outside the BMP is two);
/// beyond that 67 per segment, and a surrogate pair is never split across two.</item>
/// </list>
/// </summary>
public static class SmsEncoding
{
    public const string Gsm7 = "GSM-7";
    public const string Ucs2 = "UCS-2";

    private const int GsmSingle = 160;
    private const int GsmPart = 153;
    private const int Ucs2Single = 70;
    private const int Ucs2Part = 67;

    /// <summary>GSM 03.38's basic character set (the escape to the extension table excluded).</summary>
    private static readonly FrozenSet<char> Basic = (
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
        + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà").ToFrozenSet();

    /// <summary>GSM 03.38's extension table: each costs two septets (the escape and the character).</summary>
    private static readonly FrozenSet<char> Extension = "^{}\\[~]|€\f".ToFrozenSet();

    /// <summary>
    /// Smart Encoding's replacements, after Twilio's published table: typographic quotes, apostrophes and
    /// primes, dashes and minus signs, the ellipsis, unusual spaces, and full-width or modifier forms of
    /// ASCII punctuation. Invisible characters (soft hyphen, zero-width space and joiners, byte order mark)
    /// are dropped.
    /// </summary>
    private static readonly FrozenDictionary<char, string> LookAlikes = new Dictionary<char, string>
    {
        // Double quotes.
        ['«'] = "\"", ['»'] = "\"", ['“'] = "\"", ['”'] = "\"", ['„'] = "\"", ['‟'] = "\"", ['ʺ'] = "\"", ['˝'] = "\"", ['ˮ'] = "\"",
        ['″'] = "\"", ['‶'] = "\"", ['❝'] = "\"", ['❞'] = "\"", ['〝'] = "\"", ['〞'] = "\"", ['＂'] = "\"",
        // Single quotes, apostrophes, primes and accents used as apostrophes.
        ['‘'] = "'", ['’'] = "'", ['‚'] = ",", ['‛'] = "'", ['′'] = "'", ['‵'] = "'", ['ʹ'] = "'", ['ʻ'] = "'", ['ʼ'] = "'",
        ['ʽ'] = "'", ['ʾ'] = "'", ['ʿ'] = "'", ['ˈ'] = "'", ['ˊ'] = "'", ['ˋ'] = "'", ['˴'] = "'", ['´'] = "'", ['`'] = "'",
        ['❛'] = "'", ['❜'] = "'", ['＇'] = "'", ['‹'] = "<", ['›'] = ">",
        // Hyphens, dashes and minus signs.
        ['‐'] = "-", ['‑'] = "-", ['‒'] = "-", ['–'] = "-", ['—'] = "-", ['―'] = "-", ['⁃'] = "-", ['⁻'] = "-", ['₋'] = "-",
        ['−'] = "-", ['﹘'] = "-", ['﹣'] = "-", ['－'] = "-",
        // Ellipsis, bullet-free punctuation look-alikes.
        ['…'] = "...", ['‼'] = "!!", ['ǃ'] = "!", ['！'] = "!", ['⁄'] = "/", ['∕'] = "/", ['／'] = "/", ['⁎'] = "*", ['∗'] = "*",
        ['＊'] = "*", ['˂'] = "<", ['﹤'] = "<", ['＜'] = "<", ['˃'] = ">", ['﹥'] = ">", ['＞'] = ">", ['ˆ'] = "^", ['＾'] = "^",
        ['˜'] = "~", ['～'] = "~", ['ǀ'] = "|", ['∣'] = "|", ['｜'] = "|", ['＃'] = "#", ['％'] = "%", ['＋'] = "+", ['＝'] = "=",
        ['＠'] = "@", ['，'] = ",", ['；'] = ";", ['：'] = ":", ['＿'] = "_", ['（'] = "(", ['）'] = ")", ['［'] = "[", ['］'] = "]",
        ['｛'] = "{", ['｝'] = "}", ['＆'] = "&", ['＄'] = "$", ['？'] = "?", ['．'] = ".", ['＼'] = "\\",
        // Spaces.
        ['\u00A0'] = " ", ['\u2000'] = " ", ['\u2001'] = " ", ['\u2002'] = " ", ['\u2003'] = " ", ['\u2004'] = " ", ['\u2005'] = " ",
        ['\u2006'] = " ", ['\u2007'] = " ", ['\u2008'] = " ", ['\u2009'] = " ", ['\u200A'] = " ", ['\u202F'] = " ", ['\u205F'] = " ",
        ['\u3000'] = " ", ['\u2028'] = "\n", ['\u2029'] = "\n",
        // Invisible characters.
        ['\u00AD'] = string.Empty, ['\u200B'] = string.Empty, ['\u200C'] = string.Empty, ['\u200D'] = string.Empty,
        ['\u2060'] = string.Empty, ['\uFEFF'] = string.Empty,
    }.ToFrozenDictionary();

    /// <summary>Whether <paramref name="c"/> is in the GSM-7 basic set or its extension table.</summary>
    public static bool IsGsm7(char c) => Basic.Contains(c) || Extension.Contains(c);

    /// <summary><paramref name="body"/> with every character that has a GSM-7 look-alike replaced by it (other characters kept).</summary>
    public static string SmartEncode(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (!body.Any(LookAlikes.ContainsKey))
        {
            return body;
        }

        var encoded = new StringBuilder(body.Length);
        foreach (var c in body)
        {
            if (LookAlikes.TryGetValue(c, out var replacement))
            {
                encoded.Append(replacement);
            }
            else
            {
                encoded.Append(c);
            }
        }

        return encoded.ToString();
    }

    /// <summary>The encoding <paramref name="body"/> needs as it is, and the segments it takes (an empty body is one).</summary>
    public static SmsSegments Measure(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return body.All(IsGsm7)
            ? new SmsSegments(Gsm7, Count(body, static (s, i) => Extension.Contains(s[i]) ? 2 : 1, GsmSingle, GsmPart))
            : new SmsSegments(Ucs2, Count(body, static (s, i) => char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]) ? 2 : 1, Ucs2Single, Ucs2Part));
    }

    /// <summary>
    /// Segments of <paramref name="body"/> whose units (septets, or UTF-16 code units) each character costs
    /// <paramref name="cost"/> (a character of cost 2 at index i spans i and, for a surrogate pair, i + 1):
    /// one when the total fits in <paramref name="single"/>, else parts of at most <paramref name="part"/>
    /// units filled in order, a character that would straddle two parts starting the next one.
    /// </summary>
    private static int Count(string body, Func<string, int, int> cost, int single, int part)
    {
        var costs = new List<int>(body.Length);
        for (var i = 0; i < body.Length; i++)
        {
            var c = cost(body, i);
            costs.Add(c);
            if (c == 2 && char.IsHighSurrogate(body[i]))
            {
                i++; // the low surrogate belongs to the same character
            }
        }

        if (costs.Sum() <= single)
        {
            return 1;
        }

        var segments = 1;
        var used = 0;
        foreach (var c in costs)
        {
            if (used + c > part)
            {
                segments++;
                used = 0;
            }

            used += c;
        }

        return segments;
    }
}
