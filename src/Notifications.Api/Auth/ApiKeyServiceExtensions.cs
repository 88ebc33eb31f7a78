using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Notifications.Api.Auth;

internal static class ApiKeyServiceExtensions
{
    public const string AppsPolicy = "Apps";
    private const int MinimumKeyLength = 16;

    public static IServiceCollection AddApiKeyAuthentication(this IServiceCollection services)
    {
        services.AddOptions<ApiKeyOptions>()
            .Configure<IConfiguration>((options, configuration) =>
            {
                foreach (var entry in configuration.GetSection(ApiKeyOptions.SectionName).GetChildren())
                {
                    options.Keys[entry.Key] = entry.Value ?? string.Empty;
                }
            })
            .Validate(o => o.Keys.Count > 0, $"{ApiKeyOptions.SectionName}: configure at least one API key, as {ApiKeyOptions.SectionName}__<app>=<secret>.")
            .Validate(o => o.Keys.All(k => k.Value.Length >= MinimumKeyLength),
                $"{ApiKeyOptions.SectionName}: every key must be at least {MinimumKeyLength} characters long.")
            .ValidateOnStart();
        services.AddSingleton<ApiKeyRegistry>();

        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(AppsPolicy, policy => policy.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser());
        return services;
    }

    /// <summary>
    /// Requires an app's API key (<c>Authorization: Bearer &lt;api key&gt;</c>); the OpenAPI document lists the
    /// bearer scheme and the <c>401</c> problem for these endpoints.
    /// </summary>
    public static TBuilder RequireApiKey<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(AppsPolicy).ProducesProblem(StatusCodes.Status401Unauthorized);
}
