using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Notifications.Api.OpenApi;

/// <summary>
/// Writes the bodies that metadata describes: the request body of <see cref="RequestBodyMetadata"/> and the
/// further response contents of <see cref="AlternativeResponseMetadata"/>.
/// </summary>
internal sealed class BodyMetadataTransformer : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        foreach (var alternative in metadata.OfType<AlternativeResponseMetadata>())
        {
            var key = alternative.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (operation.Responses?.TryGetValue(key, out var response) != true || response!.Content is null)
            {
                throw new InvalidOperationException($"{context.Description.RelativePath}: no {key} response to add {alternative.ContentType} to.");
            }

            response.Content[alternative.ContentType] = new() { Schema = await context.GetOrCreateSchemaAsync(alternative.Type, null, cancellationToken) };
        }

        if (metadata.OfType<RequestBodyMetadata>().LastOrDefault() is not { } body)
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
