using System.Globalization;
using System.Text;

namespace Notifications.Core.Inbound;

/// <summary>
/// An inbound message read as sentences of words: lower case, accents removed ("más" is "mas"), apostrophes
/// dropped ("don't" is "dont"). Sentences end at . ! ? ; : , ¡ ¿ … brackets, line breaks and emoji; quotes,
/// hyphens and other symbols only separate words ("non-stop" is one sentence of two words, "non stop").
/// Each word remembers whether it was written in capitals.
/// </summary>
internal sealed class InboundText
{
    private InboundText(IReadOnlyList<IReadOnlyList<InboundWord>> sentences)
    {
        Sentences = sentences;
        WordCount = sentences.Sum(s => s.Count);
        AllShouted = WordCount > 0 && sentences.All(s => s.All(w => w.Shouted || !w.HasLetters));
    }

    public IReadOnlyList<IReadOnlyList<InboundWord>> Sentences { get; }

    public int WordCount { get; }

    /// <summary>True when every word with letters is in capitals: capitals then say nothing about one word.</summary>
    public bool AllShouted { get; }

    /// <summary>Every word of the message, in order, across sentences.</summary>
    public IEnumerable<string> Words => Sentences.SelectMany(s => s.Select(w => w.Text));

    public static InboundText Read(string? body)
    {
        var sentences = new List<IReadOnlyList<InboundWord>>();
        if (string.IsNullOrWhiteSpace(body))
        {
            return new InboundText(sentences);
        }

        var sentence = new List<InboundWord>();
        var word = new StringBuilder();
        var upper = 0;
        var lower = 0;

        void EndWord()
        {
            if (word.Length > 0)
            {
                sentence.Add(new InboundWord(word.ToString(), Shouted: upper >= 2 && lower == 0, HasLetters: upper + lower > 0));
                word.Clear();
            }

            upper = 0;
            lower = 0;
        }

        void EndSentence()
        {
            EndWord();
            if (sentence.Count > 0)
            {
                sentences.Add(sentence);
                sentence = [];
            }
        }

        foreach (var c in body.Normalize(NormalizationForm.FormD))
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category == UnicodeCategory.NonSpacingMark || c is '\'' or '’' or '‘' or 'ʼ')
            {
                continue;
            }

            if (char.IsLetterOrDigit(c))
            {
                if (char.IsUpper(c))
                {
                    upper++;
                }
                else if (char.IsLower(c))
                {
                    lower++;
                }

                word.Append(char.ToLowerInvariant(c));
            }
            else if (EndsSentence(c, category))
            {
                EndSentence();
            }
            else
            {
                EndWord();
            }
        }

        EndSentence();
        return new InboundText(sentences);
    }

    private static bool EndsSentence(char c, UnicodeCategory category) =>
        c is '.' or '!' or '?' or ';' or ':' or ',' or '¡' or '¿' or '…' or '\n' or '\r' or '(' or ')' or '[' or ']' or '{' or '}'
        || category is UnicodeCategory.Surrogate or UnicodeCategory.OtherSymbol;
}
