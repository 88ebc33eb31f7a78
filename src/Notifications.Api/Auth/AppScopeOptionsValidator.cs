using Microsoft.Extensions.Options;

namespace Notifications.Api.Auth;

/// <summary>Stops start-up on a name in <c>Apps:&lt;app&gt;:Scopes</c> that is not a scope, naming the key and the value.</summary>
internal sealed class AppScopeOptionsValidator : IValidateOptions<AppScopeOptions>
{
    public ValidateOptionsResult Validate(string? name, AppScopeOptions options) => options.Unknown.Count == 0
        ? ValidateOptionsResult.Success
        : ValidateOptionsResult.Fail(options.Unknown.Select(u =>
            $"{u.Key}: '{u.Value}' is not a scope; use a comma list of {string.Join(", ", AppScopes.All)}."));
}
