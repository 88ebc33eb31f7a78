using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Notifications.Api.OpenApi;

/// <summary>Writes the request body of operations that carry <see cref="RequestBodyMetadata"/>.</summary>
internal sealed class RequestBodyTransformer : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<RequestBodyMetadata>().LastOrDefault() is not { } body)
        {
            return;
        }

        var schema = await context.GetOrCreateSchemaAsync(body.Type, null, cancellationToken);
        operation.RequestBody = new OpenApiRequestBody
        {
            Required = true,
            Description = body.Description,
            Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
            {
                [body.ContentType] = new() { Schema = schema },
            },
        };
    }
}
