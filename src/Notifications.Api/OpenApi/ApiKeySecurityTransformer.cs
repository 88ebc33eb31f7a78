using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Notifications.Api.Auth;

namespace Notifications.Api.OpenApi;

/// <summary>
/// Declares the bearer scheme apps use (<c>Authorization: Bearer &lt;api key&gt;</c>) and requires it on every
/// operation that needs an API key, listing the scope the operation needs (the requirement's scope list and
/// a sentence in its description); the webhooks, which are anonymous and signed instead, get none.
/// </summary>
internal sealed class ApiKeySecurityTransformer : IOpenApiDocumentTransformer, IOpenApiOperationTransformer
{
    public const string SchemeId = "Bearer";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal);
        document.Components.SecuritySchemes[SchemeId] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "The calling app's API key, configured as ApiKeys__<app>=<secret> (a second one as ApiKeys__<app>__1 during a rotation). "
                + "Each app sees only its own messages. Each operation needs one scope, granted as Apps__<app>__Scopes (a comma list of "
                + string.Join(", ", AppScopes.All) + "; unset: all but " + AppScopes.OptInOverride + "); without it the answer is 403 naming the scope.",
        };
        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<IAuthorizeData>().Any() && !metadata.OfType<IAllowAnonymous>().Any())
        {
            var scopes = metadata.OfType<RequiredScopeMetadata>().Select(m => m.Scope).Distinct(StringComparer.Ordinal).ToList();
            operation.Security ??= [];
            operation.Security.Add(new OpenApiSecurityRequirement
            {
                [new OpenApiSecuritySchemeReference(SchemeId, context.Document)] = scopes,
            });
            if (scopes.Count > 0)
            {
                operation.Description = $"{operation.Description} Requires the scope '{string.Join("', '", scopes)}'.".TrimStart();
            }
        }

        return Task.CompletedTask;
    }
}
