using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;

namespace Notifications.Api.Http;

/// <summary>
/// An answer stored with its <c>Idempotency-Key</c>, written as the JSON text it was stored as (a replay
/// returns the first response byte for byte), with its <c>Location</c> when it has one. The OpenAPI
/// document describes it as <c>202</c> with a <typeparamref name="TBody"/> body.
/// </summary>
internal sealed class StoredJsonResult<TBody>(int statusCode, string body, string? location)
    : IResult, IStatusCodeHttpResult, IContentTypeHttpResult, IEndpointMetadataProvider
{
    private const string JsonContentType = "application/json";

    public int StatusCode => statusCode;

    int? IStatusCodeHttpResult.StatusCode => statusCode;

    public string ContentType => JsonContentType;

    public string Body => body;

    public string? Location => location;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (location is not null)
        {
            httpContext.Response.Headers.Location = location;
        }

        return TypedResults.Text(body, JsonContentType, statusCode: statusCode).ExecuteAsync(httpContext);
    }

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status202Accepted, typeof(TBody), [JsonContentType]));
    }
}
