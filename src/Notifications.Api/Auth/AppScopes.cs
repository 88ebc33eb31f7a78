namespace Notifications.Api.Auth;

/// <summary>
/// What an app may do, granted per app as <c>Apps:&lt;app&gt;:Scopes</c> (a comma list). An app with no
/// list gets <see cref="Default"/>: every scope but <see cref="OptInOverride"/>.
/// </summary>
public static class AppScopes
{
    /// <summary>The claim type that carries one granted scope.</summary>
    public const string ClaimType = "scope";

    /// <summary><c>POST /api/messages</c> and <c>/api/messages/batch</c>.</summary>
    public const string MessagesSend = "messages:send";

    /// <summary><c>GET /api/messages/{id}</c>.</summary>
    public const string MessagesRead = "messages:read";

    /// <summary>Record opt-ins and revoke them.</summary>
    public const string ConsentWrite = "consent:write";

    /// <summary>Read a number's consent and evidence, and export it.</summary>
    public const string ConsentRead = "consent:read";

    /// <summary>The reliability reports.</summary>
    public const string ReportsRead = "reports:read";

    /// <summary>Send a transactional message with <c>overrideOptIn</c> (audited; never over a revocation).</summary>
    public const string OptInOverride = "opt-in:override";

    public static readonly IReadOnlyList<string> All = [MessagesSend, MessagesRead, ConsentWrite, ConsentRead, ReportsRead, OptInOverride];

    /// <summary>The scopes of an app whose <c>Apps:&lt;app&gt;:Scopes</c> is unset.</summary>
    public static readonly IReadOnlyList<string> Default = [.. All.Where(s => s != OptInOverride)];

    /// <summary>The authorization policy that requires <paramref name="scope"/>.</summary>
    public static string PolicyName(string scope) => "scope:" + scope;
}
