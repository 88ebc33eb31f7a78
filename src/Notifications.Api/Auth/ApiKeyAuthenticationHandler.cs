using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Notifications.Api.Auth;

/// <summary>
/// <c>Authorization: Bearer &lt;api key&gt;</c>. The principal's name is the app the key belongs to, and
/// it carries one <see cref="AppScopes.ClaimType"/> claim per scope granted to the app.
/// Keys are compared as SHA-256 digests in constant time.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyRegistry registry,
    IOptions<AppScopeOptions> scopes) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var app = registry.FindApp(header[7..].Trim());
        if (app is null)
        {
            return Task.FromResult(AuthenticateResult.Fail("Unknown API key."));
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, app), .. scopes.Value.For(app).Select(scope => new Claim(AppScopes.ClaimType, scope))], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await Results.Problem(
            title: "Unauthorized",
            detail: "Send the app's API key as 'Authorization: Bearer <api key>'.",
            statusCode: StatusCodes.Status401Unauthorized).ExecuteAsync(Context);
    }
}
