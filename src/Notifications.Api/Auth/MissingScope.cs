using Microsoft.AspNetCore.Http.HttpResults;

namespace Notifications.Api.Auth;

/// <summary>The <c>403</c> problem for a call the app's scopes do not allow; it names the scope (<c>detail</c> and <c>scope</c>).</summary>
public static class MissingScope
{
    public static ProblemHttpResult Problem(string scope) => TypedResults.Problem(
        statusCode: StatusCodes.Status403Forbidden,
        title: "Forbidden",
        detail: $"This app lacks the scope '{scope}' (configured as Apps:<app>:Scopes).",
        extensions: new Dictionary<string, object?> { ["scope"] = scope });

    /// <summary>Whether the calling app was granted <paramref name="scope"/>.</summary>
    public static bool Granted(HttpContext http, string scope) => http.User.HasClaim(AppScopes.ClaimType, scope);
}
