using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;

namespace Notifications.Api.Auth;

internal static class ApiKeyServiceExtensions
{
    public const string AppsPolicy = "Apps";

    public static IServiceCollection AddApiKeyAuthentication(this IServiceCollection services)
    {
        services.AddOptions<ApiKeyOptions>()
            .Configure<IConfiguration>((options, configuration) =>
            {
                foreach (var app in configuration.GetSection(ApiKeyOptions.SectionName).GetChildren())
                {
                    // ApiKeys:<app> is the key; ApiKeys:<app>:0 and :1 add a second one for a rotation.
                    // An empty value is a removed key.
                    var keys = options.Keys[app.Key] = [];
                    if (!string.IsNullOrEmpty(app.Value))
                    {
                        keys.Add(app.Value);
                    }

                    keys.AddRange(app.GetChildren().Select(k => k.Value).OfType<string>().Where(k => k.Length > 0));
                }
            })
            .Validate(o => o.Keys.Values.Any(keys => keys.Count > 0), $"{ApiKeyOptions.SectionName}: configure at least one API key, as {ApiKeyOptions.SectionName}__<app>=<secret>.")
            .Validate(o => o.Keys.Values.All(keys => keys.All(k => k.Length >= ApiKeyOptions.MinimumKeyLength)),
                $"{ApiKeyOptions.SectionName}: every key must be at least {ApiKeyOptions.MinimumKeyLength} characters long.")
            .Validate(o => o.Keys.Values.All(keys => keys.Count <= ApiKeyOptions.MaxKeysPerApp),
                $"{ApiKeyOptions.SectionName}: at most {ApiKeyOptions.MaxKeysPerApp} keys per app ({ApiKeyOptions.SectionName}:<app> and "
                + $"{ApiKeyOptions.SectionName}:<app>:0/1), the current one and the next during a rotation.")
            .Validate(o => o.Keys.SelectMany(app => app.Value.Distinct(StringComparer.Ordinal)).CountBy(k => k, StringComparer.Ordinal).All(k => k.Value == 1),
                $"{ApiKeyOptions.SectionName}: two apps share a key; every app needs its own.")
            .ValidateOnStart();
        services.AddOptions<AppScopeOptions>()
            .Configure<IConfiguration>((options, configuration) =>
            {
                foreach (var app in configuration.GetSection(AppScopeOptions.SectionName).GetChildren())
                {
                    if (app[AppScopeOptions.ScopesKey] is { } list)
                    {
                        options.Set(app.Key, list);
                    }
                }
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<AppScopeOptions>, AppScopeOptionsValidator>();
        services.AddSingleton<ApiKeyRegistry>();
        services.AddSingleton<OptInOverrideAudit>();

        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        var authorization = services.AddAuthorizationBuilder()
            .AddPolicy(AppsPolicy, policy => policy.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser());
        foreach (var scope in AppScopes.All)
        {
            authorization.AddPolicy(AppScopes.PolicyName(scope), policy => policy
                .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser()
                .AddRequirements(new ScopeRequirement(scope)));
        }

        services.AddSingleton<IAuthorizationMiddlewareResultHandler, ScopeForbiddenResultHandler>();
        return services;
    }

    /// <summary>
    /// Requires an app's API key (<c>Authorization: Bearer &lt;api key&gt;</c>) and the scope
    /// <see cref="EndpointScopes"/> names for each endpoint; the OpenAPI document lists the bearer scheme
    /// with the scope, and the <c>401</c> and <c>403</c> problems for these endpoints.
    /// </summary>
    public static TBuilder RequireApiKey<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.RequireAuthorization(AppsPolicy)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        // After every other convention, so the endpoint's own name is known.
        builder.Finally(endpoint =>
        {
            var name = endpoint.Metadata.OfType<IEndpointNameMetadata>().LastOrDefault()?.EndpointName;
            var scope = EndpointScopes.For(name);
            endpoint.Metadata.Add(new AuthorizeAttribute(AppScopes.PolicyName(scope)));
            endpoint.Metadata.Add(new RequiredScopeMetadata(scope));
        });
        return builder;
    }
}
