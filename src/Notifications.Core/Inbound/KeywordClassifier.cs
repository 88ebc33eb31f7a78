using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Notifications.Core.Inbound;

/// <summary>
/// Reads an inbound SMS the way Twilio and the FCC do: Twilio's single-word keywords (any case,
/// surrounding whitespace and punctuation ignored) and, for opt-outs, plain-language revocations
/// a reasonable person would read as one (FCC 24-24: "by any reasonable means").
/// </summary>
public static partial class KeywordClassifier
{
    private static readonly HashSet<string> OptOutKeywords = ["stop", "stopall", "unsubscribe", "cancel", "end", "quit", "revoke", "optout"];
    private static readonly HashSet<string> OptInKeywords = ["start", "yes", "unstop"];
    private static readonly HashSet<string> HelpKeywords = ["help", "info"];

    /// <summary>Words that only soften a keyword ("STOP please", "ok stop").</summary>
    private static readonly HashSet<string> Fillers = ["please", "pls", "plz", "now", "ok", "okay", "thanks", "thank", "you", "thx", "ty"];

    /// <summary>Single words that revoke consent in other languages (Spanish).</summary>
    private static readonly HashSet<string> ForeignOptOutWords = ["para", "alto", "basta", "baja", "cancelar", "detener"];

    public static InboundKeyword Classify(string? body)
    {
        var normalized = Normalize(body);
        if (normalized.Length == 0)
        {
            return InboundKeyword.None;
        }

        var words = normalized.Split(' ');
        var meaningful = words.Where(w => !Fillers.Contains(w)).ToArray();

        // A message that is one keyword, maybe repeated or softened: "STOP", "stop stop", "Stop please!".
        if (meaningful.Length > 0 && meaningful.Distinct().Count() == 1)
        {
            var word = meaningful[0];
            if (OptOutKeywords.Contains(word) || ForeignOptOutWords.Contains(word))
            {
                return new InboundKeyword(InboundClassification.OptOut, word.ToUpperInvariant(), IsKeyword: OptOutKeywords.Contains(word));
            }

            if (OptInKeywords.Contains(word))
            {
                return new InboundKeyword(InboundClassification.OptIn, word.ToUpperInvariant(), IsKeyword: true);
            }

            if (HelpKeywords.Contains(word))
            {
                return new InboundKeyword(InboundClassification.Help, word.ToUpperInvariant(), IsKeyword: true);
            }
        }

        if (meaningful is ["stop", "all"] or ["opt", "out"] or ["unsubscribe", "me"] or ["stop", "it"])
        {
            return new InboundKeyword(InboundClassification.OptOut, string.Join(' ', meaningful).ToUpperInvariant(), IsKeyword: true);
        }

        return RevocationWording().IsMatch(normalized) && !NegatedStop().IsMatch(normalized)
            ? new InboundKeyword(InboundClassification.OptOut, null, IsKeyword: false)
            : InboundKeyword.None;
    }

    /// <summary>Lower case, accents removed, apostrophes dropped, everything else but letters and digits a single space.</summary>
    internal static string Normalize(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return string.Empty;
        }

        var decomposed = body.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        var pendingSpace = false;
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark || c is '\'' or '’')
            {
                continue;
            }

            if (char.IsLetterOrDigit(c))
            {
                if (pendingSpace && builder.Length > 0)
                {
                    builder.Append(' ');
                }

                builder.Append(char.ToLowerInvariant(c));
                pendingSpace = false;
            }
            else
            {
                pendingSpace = true;
            }
        }

        return builder.ToString();
    }

    /// <summary>Plain-language revocations, matched on normalised text.</summary>
    [GeneratedRegex("""
        \b(?:
            (?:please\s)?stop\s(?:texting|txting|messaging|sending|contacting|calling|texts?|messages?|sms|these|this|all\s(?:texts|messages))
          | quit\s(?:texting|messaging|sending|contacting)
          | opt(?:ing)?\s?out
          | unsubscribe
          | revoke
          | remove\s(?:me|my\s(?:number|phone|cell))
          | take\sme\soff
          | delete\smy\s(?:number|phone|info|information)
          | (?:dont|do\snot|never)\s(?:text|txt|message|msg|contact|sms|send\sme)
          | no\smore\s(?:texts|text|messages|msgs|sms)
          | leave\sme\salone
          | wrong\snumber
          | cancel\s(?:my\s)?(?:subscription|texts|messages|alerts|notifications|sms)
          | no\smas
          | darme\sde\sbaja
          | no\sme\s(?:envies|mandes|escribas|manden|envien)
          | ya\sno\s(?:quiero|me)
        )\b
        """, RegexOptions.IgnorePatternWhitespace | RegexOptions.CultureInvariant)]
    private static partial Regex RevocationWording();

    /// <summary>"don't stop", "never stop texting me": a negated stop is not a revocation.</summary>
    [GeneratedRegex(@"\b(?:dont|do\snot|never|wont|cant|can\snot|cannot)\s(?:ever\s)?stop\b", RegexOptions.CultureInvariant)]
    private static partial Regex NegatedStop();
}
