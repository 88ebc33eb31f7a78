namespace Notifications.Client.Consent;

/// <summary>How an opt-in was given.</summary>
public static class ConsentSources
{
    /// <summary>A web form (give <c>sourceUrl</c>, <c>ipAddress</c>, <c>userAgent</c>).</summary>
    public const string WebForm = "web-form";

    /// <summary>A keyword texted in.</summary>
    public const string Keyword = "keyword";

    /// <summary>A signed paper form.</summary>
    public const string Paper = "paper";

    /// <summary>A phone menu (interactive voice response).</summary>
    public const string Ivr = "ivr";

    /// <summary>Another system, through the API.</summary>
    public const string Api = "api";
}
