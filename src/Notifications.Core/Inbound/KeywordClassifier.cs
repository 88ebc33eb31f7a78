namespace Notifications.Core.Inbound;

/// <summary>
/// Reads an inbound SMS the way Twilio and the FCC do (FCC 24-24: consent may be revoked "by any reasonable
/// means"; the keywords are revocations wherever they stand in a short message). In order:
/// <list type="number">
/// <item>A revocation, when a sentence of the message is an opt-out keyword alone (maybe softened or repeated:
/// "Who is this? STOP", "Stop.", "ok, stop please"), when an opt-out keyword written in capitals opens or closes
/// a sentence of a message not all in capitals ("who is this STOP"), or when plain language says so in English
/// or Spanish ("please stop texting me", "no me envíen más"). In a message of more than
/// <see cref="ShortMessageWords"/> words, the keyword rules hold only for its first and last sentence; a keyword
/// standing alone deeper inside is <see cref="InboundClassification.Unclear"/>. Plain language counts anywhere.</item>
/// <item>START, YES, UNSTOP (opt-in) and HELP, INFO, only as the whole message, as Twilio matches them.</item>
/// <item>Unclear: the message may be a revocation but does not say so ("remove", "no", "wrong number",
/// "who is this").</item>
/// </list>
/// Words are matched whole and after a negation they do not count ("don't stop", "non-stop", "bus stop",
/// "STOPPED at the light" are not revocations). The table of decided cases is
/// <c>tests/Notifications.UnitTests/Inbound/RevocationCases.cs</c>, rendered in docs/compliance/tcpa-controls.md.
/// </summary>
public static class KeywordClassifier
{
    /// <summary>
    /// The longest message, in words, in which an opt-out keyword counts in any sentence. The value is 12 words:
    /// longer than any short reply ("Who is this? I never signed up. STOP"), shorter than a paragraph telling a
    /// story in which "stop" is quoted.
    /// </summary>
    public const int ShortMessageWords = 12;

    private static readonly HashSet<string> OptOutKeywords = ["stop", "stopall", "unsubscribe", "cancel", "end", "quit", "revoke", "optout"];

    /// <summary>Opt-out keywords that still mean "stop" in capitals inside a sentence ("who is this STOP"); "END" and "QUIT" are often just emphasis.</summary>
    private static readonly HashSet<string> ShoutedOptOutKeywords = ["stop", "stopall", "unsubscribe", "optout", "revoke"];

    /// <summary>Words before a capital STOP that make it a noun or its opposite ("NON-STOP", "bus STOP", "don't STOP").</summary>
    private static readonly HashSet<string> ShoutedStopBlockers = ["non", "bus", "pit", "full", "truck", "rest", "dont", "not", "never", "cant", "wont", "didnt", "no"];

    /// <summary>Words after a capital STOP that make it "stop by", "stop at", "stop in".</summary>
    private static readonly HashSet<string> ShoutedStopFollowers = ["by", "at", "in", "on", "over", "for", "to", "of", "and", "laughing", "thinking"];

    private static readonly HashSet<string> OptInKeywords = ["start", "yes", "unstop"];
    private static readonly HashSet<string> HelpKeywords = ["help", "info"];

    /// <summary>Words that only soften a keyword ("STOP please", "ok stop").</summary>
    private static readonly HashSet<string> Fillers = ["please", "pls", "plz", "now", "ok", "okay", "thanks", "thank", "you", "thx", "ty", "already", "just", "but", "por", "favor", "porfa", "gracias", "ya"];

    /// <summary>Single words that revoke consent in Spanish, standing alone as a sentence.</summary>
    private static readonly HashSet<string> ForeignOptOutWords = ["alto", "basta", "baja", "cancelar", "detener", "pare", "paren", "desuscribir", "desuscribirme"];

    /// <summary>"para" revokes only as the whole message ("Para."), never in a sentence ("para mañana").</summary>
    private const string WholeMessageOnlyForeignWord = "para";

    public static InboundKeyword Classify(string? body)
    {
        var text = InboundText.Read(body);
        if (text.WordCount == 0)
        {
            return InboundKeyword.None;
        }

        if (text.Words.Where(w => !Fillers.Contains(w)).Distinct().ToArray() is [WholeMessageOnlyForeignWord])
        {
            return new InboundKeyword(InboundClassification.OptOut, WholeMessageOnlyForeignWord.ToUpperInvariant(), IsKeyword: false);
        }

        var isShort = text.WordCount <= ShortMessageWords;
        var keywordDeepInside = false;
        for (var i = 0; i < text.Sentences.Count; i++)
        {
            var sentence = text.Sentences[i];
            var keyword = StandaloneOptOut(sentence) ?? (text.AllShouted ? null : ShoutedOptOut(sentence));
            if (keyword is not null)
            {
                if (isShort || i == 0 || i == text.Sentences.Count - 1)
                {
                    return keyword;
                }

                keywordDeepInside = true;
            }
        }

        if (text.Sentences.Any(s => RevocationWording.Revokes(Join(s))))
        {
            return new InboundKeyword(InboundClassification.OptOut, null, IsKeyword: false);
        }

        if (text.Words.Where(w => !Fillers.Contains(w)).Distinct().ToArray() is [var only])
        {
            if (OptInKeywords.Contains(only))
            {
                return new InboundKeyword(InboundClassification.OptIn, only.ToUpperInvariant(), IsKeyword: true);
            }

            if (HelpKeywords.Contains(only))
            {
                return new InboundKeyword(InboundClassification.Help, only.ToUpperInvariant(), IsKeyword: true);
            }
        }

        return keywordDeepInside || (isShort && text.Sentences.Any(s => RevocationWording.IsUnclear(Join(s))))
            ? new InboundKeyword(InboundClassification.Unclear, null, IsKeyword: false)
            : InboundKeyword.None;
    }

    /// <summary>A sentence that is an opt-out keyword alone, maybe softened or repeated: "STOP", "stop stop", "Stop please", "opt out".</summary>
    private static InboundKeyword? StandaloneOptOut(IReadOnlyList<InboundWord> sentence)
    {
        var meaningful = sentence.Select(w => w.Text).Where(w => !Fillers.Contains(w)).ToArray();
        if (meaningful.Distinct().ToArray() is [var word])
        {
            if (OptOutKeywords.Contains(word))
            {
                return new InboundKeyword(InboundClassification.OptOut, word.ToUpperInvariant(), IsKeyword: true);
            }

            if (ForeignOptOutWords.Contains(word))
            {
                return new InboundKeyword(InboundClassification.OptOut, word.ToUpperInvariant(), IsKeyword: false);
            }
        }

        return meaningful is ["stop", "all"] or ["opt", "out"] or ["unsubscribe", "me"] or ["stop", "it"] or ["opt", "me", "out"]
            ? new InboundKeyword(InboundClassification.OptOut, string.Join(' ', meaningful).ToUpperInvariant(), IsKeyword: true)
            : null;
    }

    /// <summary>An opt-out keyword in capitals opening or closing a sentence: "who is this STOP", "STOP who is this".</summary>
    private static InboundKeyword? ShoutedOptOut(IReadOnlyList<InboundWord> sentence)
    {
        for (var i = 0; i < sentence.Count; i++)
        {
            var word = sentence[i];
            if (!word.Shouted || !ShoutedOptOutKeywords.Contains(word.Text) || (i != 0 && i != sentence.Count - 1))
            {
                continue;
            }

            var before = i > 0 ? sentence[i - 1].Text : null;
            var after = i < sentence.Count - 1 ? sentence[i + 1].Text : null;
            if ((before is not null && ShoutedStopBlockers.Contains(before)) || (after is not null && ShoutedStopFollowers.Contains(after)))
            {
                continue;
            }

            return new InboundKeyword(InboundClassification.OptOut, word.Text.ToUpperInvariant(), IsKeyword: true);
        }

        return null;
    }

    private static string Join(IReadOnlyList<InboundWord> sentence) => string.Join(' ', sentence.Select(w => w.Text));
}
