namespace Notifications.Core.Consent;

/// <summary>How an opt-in was captured, or how a revocation arrived.</summary>
public static class ConsentSource
{
    public const string WebForm = "web-form";
    public const string Keyword = "keyword";
    public const string Paper = "paper";
    public const string Ivr = "ivr";
    public const string Api = "api";

    /// <summary>Revocation by plain-language reply ("please stop texting me").</summary>
    public const string ReplyWording = "reply-wording";

    /// <summary>Revocation signalled by the carrier or Twilio (error 21610, 30004).</summary>
    public const string CarrierSignal = "carrier-signal";

    /// <summary>The sources an app may give for an opt-in through the API.</summary>
    public static readonly IReadOnlyList<string> OptInSources = [WebForm, Keyword, Paper, Ivr, Api];
}
