using Notifications.Core.Inbound;

namespace Notifications.UnitTests;

public sealed class KeywordClassifierTests
{
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
    [InlineData("wrong number")]
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
