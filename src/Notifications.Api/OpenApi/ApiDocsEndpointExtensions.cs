using Scalar.AspNetCore;

namespace Notifications.Api.OpenApi;

internal static class ApiDocsEndpointExtensions
{
    /// <summary>Where the interactive API reference is served.</summary>
    public const string ReferencePath = "/scalar";

    /// <summary>
    /// Maps the OpenAPI document (<c>/openapi/v1.json</c>) and Scalar's interactive reference over it
    /// (<c>/scalar</c>, script served by the api itself); both anonymous: they describe the API, and every
    /// operation tried from the reference still needs an API key (the bearer scheme is preselected).
    /// </summary>
    public static IEndpointRouteBuilder MapApiDocs(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi().AllowAnonymous();
        endpoints.MapScalarApiReference(ReferencePath, options => options
                .WithTitle("Notifications API")
                .AddPreferredSecuritySchemes(ApiKeySecurityTransformer.SchemeId))
            .AllowAnonymous();
        return endpoints;
    }
}
