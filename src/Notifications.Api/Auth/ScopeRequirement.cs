using Microsoft.AspNetCore.Authorization;

namespace Notifications.Api.Auth;

/// <summary>The calling app must have been granted <see cref="Scope"/> (<c>Apps:&lt;app&gt;:Scopes</c>).</summary>
public sealed class ScopeRequirement(string scope) : AuthorizationHandler<ScopeRequirement>, IAuthorizationRequirement
{
    public string Scope { get; } = scope;

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ScopeRequirement requirement)
    {
        if (context.User.HasClaim(AppScopes.ClaimType, requirement.Scope))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
