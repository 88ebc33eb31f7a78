namespace Notifications.Core.Consent;

public static class ConsentEventKind
{
    /// <summary>A first opt-in for the purpose, or one while consent was already given.</summary>
    public const string OptIn = "opt_in";

    /// <summary>An opt-in after a revocation.</summary>
    public const string ReOptIn = "re_opt_in";

    public const string Revocation = "revocation";
}
