using Notifications.Core.Inbound;

namespace Notifications.UnitTests;

public sealed class KeywordClassifierTests
{
    private const string DocPath = "docs/compliance/tcpa-controls.md";
    private const string TableStart = "<!-- revocation-cases:start (generated from tests/Notifications.UnitTests/RevocationCases.cs) -->";
    private const string TableEnd = "<!-- revocation-cases:end -->";

    [Theory]
    [MemberData(nameof(RevocationCases.Theory), MemberType = typeof(RevocationCases))]
    public void Classify_DecidedCase_GivesItsDecision(string? body, string decision)
    {
        Assert.Equal(decision, RevocationCases.DecisionOf(KeywordClassifier.Classify(body).Classification));
    }

    [Fact]
    public void RevocationCases_CoverEveryDecision_WithAtLeast150Rows()
    {
        Assert.True(RevocationCases.All.Count >= 150, $"{RevocationCases.All.Count} rows");
        Assert.Equal(RevocationCases.All.Count, RevocationCases.All.Select(c => c.Text).Distinct().Count());
        Assert.Equal(
            [RevocationCases.Help, RevocationCases.None, RevocationCases.OptIn, RevocationCases.OptOut, RevocationCases.Unclear],
            RevocationCases.All.Select(c => c.Decision).Distinct().Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// The compliance page shows exactly the table the tests decide. Run with NOTIFICATIONS_WRITE_DOCS=1 to
    /// write the table into the page after changing the cases.
    /// </summary>
    [Fact]
    public void TcpaControlsDoc_RevocationTable_IsTheTestedTable()
    {
        var path = Path.Combine(RepositoryRoot(), DocPath);
        var doc = File.ReadAllText(path).ReplaceLineEndings("\n");
        var start = doc.IndexOf(TableStart, StringComparison.Ordinal);
        var end = doc.IndexOf(TableEnd, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, $"{DocPath} has no {TableStart} ... {TableEnd} section");
        var bodyStart = start + TableStart.Length;
        var expected = "\n" + RevocationCases.Markdown();

        if (Environment.GetEnvironmentVariable("NOTIFICATIONS_WRITE_DOCS") == "1")
        {
            File.WriteAllText(path, doc[..bodyStart] + expected + doc[end..]);
            return;
        }

        Assert.Equal(expected, doc[bodyStart..end]);
    }

    [Fact]
    public void Classify_Unclear_IsNotMarkedAsKeyword()
    {
        var result = KeywordClassifier.Classify("wrong number");

        Assert.Equal(InboundClassification.Unclear, result.Classification);
        Assert.False(result.IsKeyword);
        Assert.Null(result.Keyword);
    }

    [Theory]
    [InlineData("Who is this? STOP", "STOP")]
    [InlineData("who is this STOP", "STOP")]
    [InlineData("¡Basta!", "BASTA")]
    public void Classify_KeywordInAShortMessage_NamesTheKeyword(string body, string keyword)
    {
        var result = KeywordClassifier.Classify(body);

        Assert.Equal(InboundClassification.OptOut, result.Classification);
        Assert.Equal(keyword, result.Keyword);
    }

    [Fact]
    public void ShortMessageWords_SplitsAKeywordDeepInside_IntoOptOutWhenShortAndUnclearWhenLong()
    {
        var filler = string.Join(' ', Enumerable.Repeat("word", KeywordClassifier.ShortMessageWords - 3));
        var atTheLimit = $"Hello there. Stop. {filler}";
        var overTheLimit = $"Hello there. Stop. {filler} more";

        Assert.Equal(KeywordClassifier.ShortMessageWords, atTheLimit.Split(' ').Length);
        Assert.Equal(InboundClassification.OptOut, KeywordClassifier.Classify(atTheLimit).Classification);
        Assert.Equal(InboundClassification.Unclear, KeywordClassifier.Classify(overTheLimit).Classification);
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Notifications.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Notifications.sln not found above " + AppContext.BaseDirectory);
    }

    [Theory]
    // Twilio's opt-out keywords, any case, whitespace and punctuation around them ignored.
    [InlineData("STOP", "STOP")]
    [InlineData("stop", "STOP")]
    [InlineData("Stop", "STOP")]
    [InlineData("  stop  ", "STOP")]
    [InlineData("STOP.", "STOP")]
    [InlineData("Stop!!!", "STOP")]
    [InlineData("\"stop\"", "STOP")]
    [InlineData("STOPALL", "STOPALL")]
    [InlineData("UNSUBSCRIBE", "UNSUBSCRIBE")]
    [InlineData("cancel", "CANCEL")]
    [InlineData("End", "END")]
    [InlineData("QUIT", "QUIT")]
    [InlineData("revoke", "REVOKE")]
    [InlineData("OptOut", "OPTOUT")]
    [InlineData("opt-out", "OPT OUT")]
    [InlineData("Opt out", "OPT OUT")]
    [InlineData("STOP ALL", "STOP ALL")]
    [InlineData("stop please", "STOP")]
    [InlineData("Please STOP", "STOP")]
    [InlineData("stop stop stop", "STOP")]
    [InlineData("ok stop", "STOP")]
    [InlineData("Stop it", "STOP IT")]
    public void Classify_OptOutKeyword_IsOptOutKeyword(string body, string keyword)
    {
        var result = KeywordClassifier.Classify(body);

        Assert.Equal(InboundClassification.OptOut, result.Classification);
        Assert.Equal(keyword, result.Keyword);
    }

    [Theory]
    [InlineData("please stop texting me")]
    [InlineData("Stop texting me!")]
    [InlineData("stop sending me these messages")]
    [InlineData("I want to opt out")]
    [InlineData("remove me")]
    [InlineData("Remove me from your list")]
    [InlineData("take me off this list please")]
    [InlineData("no más")]
    [InlineData("No mas mensajes")]
    [InlineData("Basta")]
    [InlineData("por favor no me envies mensajes")]
    [InlineData("Don't text me again")]
    [InlineData("do not contact me")]
    [InlineData("no more texts")]
    [InlineData("unsubscribe me from this")]
    [InlineData("I revoke my consent")]
    [InlineData("cancel my subscription")]
    [InlineData("leave me alone")]
    [InlineData("quit texting me")]
    public void Classify_PlainLanguageRevocation_IsOptOut(string body)
    {
        Assert.Equal(InboundClassification.OptOut, KeywordClassifier.Classify(body).Classification);
    }

    [Theory]
    [InlineData("don't stop")]
    [InlineData("Dont stop texting me, I love these")]
    [InlineData("STOPPED by later")]
    [InlineData("I'll stop by the store")]
    [InlineData("bus stop")]
    [InlineData("I can't stop laughing")]
    [InlineData("cancel my appointment")]
    [InlineData("Can you cancel my order?")]
    [InlineData("The end")]
    [InlineData("what time does it end?")]
    [InlineData("I quit my job")]
    [InlineData("Thanks!")]
    [InlineData("stopwatch")]
    [InlineData("unstoppable")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    [InlineData("para mañana")]
    public void Classify_NearMiss_IsNotAnOptOut(string? body)
    {
        Assert.NotEqual(InboundClassification.OptOut, KeywordClassifier.Classify(body).Classification);
    }

    [Theory]
    [InlineData("START", "START")]
    [InlineData("start", "START")]
    [InlineData("Yes", "YES")]
    [InlineData("YES!", "YES")]
    [InlineData("unstop", "UNSTOP")]
    [InlineData("Start please", "START")]
    public void Classify_OptInKeyword_IsOptIn(string body, string keyword)
    {
        var result = KeywordClassifier.Classify(body);

        Assert.Equal(InboundClassification.OptIn, result.Classification);
        Assert.Equal(keyword, result.Keyword);
    }

    [Theory]
    [InlineData("HELP", "HELP")]
    [InlineData("help?", "HELP")]
    [InlineData("Info", "INFO")]
    public void Classify_HelpKeyword_IsHelp(string body, string keyword)
    {
        var result = KeywordClassifier.Classify(body);

        Assert.Equal(InboundClassification.Help, result.Classification);
        Assert.Equal(keyword, result.Keyword);
    }

    [Theory]
    [InlineData("yes I'll be there")]
    [InlineData("Can you help me with my bill")]
    [InlineData("start time?")]
    [InlineData("Hello")]
    public void Classify_KeywordInsideASentence_IsOther(string body)
    {
        Assert.Equal(InboundClassification.Other, KeywordClassifier.Classify(body).Classification);
    }

    [Fact]
    public void Classify_PlainLanguage_IsNotMarkedAsKeyword()
    {
        var result = KeywordClassifier.Classify("please stop texting me");

        Assert.False(result.IsKeyword);
        Assert.Null(result.Keyword);
    }
}
