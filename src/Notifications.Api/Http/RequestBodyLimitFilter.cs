using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Notifications.Api.Http;

/// <summary>
/// Bounds the request body of the endpoints it is applied to before anything reads it: a declared length over the
/// limit is 413 at once, and the server's per-request limit is lowered so a longer body is cut off while it streams.
/// </summary>
internal sealed class RequestBodyLimitFilter(long maxBytes) : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (http.Request.ContentLength > maxBytes)
        {
            return ValueTask.FromResult<object?>(TooLarge(maxBytes));
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes;
        }

        return next(context);
    }

    public static ProblemHttpResult TooLarge(long maxBytes) => TypedResults.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload Too Large", detail: $"The request body must be at most {maxBytes} bytes.");
}
