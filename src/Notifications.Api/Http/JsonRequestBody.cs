using System.Text.Json;
using System.Text.Unicode;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Notifications.Api.Http;

/// <summary>
/// Reads a JSON request body the handler owns: bounded before it is read (at most the endpoint's limit, never
/// buffered past it), only as <c>application/json</c>, and with type errors answered as 400 naming the field.
/// </summary>
internal static class JsonRequestBody
{
    public static async Task<RequestBody<T>> ReadAsync<T>(
        HttpContext http, JsonSerializerOptions options, long maxBytes, CancellationToken cancellationToken, bool optional = false)
    {
        var request = http.Request;
        if (request.ContentLength is > 0 || request.ContentType is not null || !optional)
        {
            if (!request.HasJsonContentType())
            {
                return new([], default, null, TypedResults.Problem(
                    statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported Media Type", detail: "The request body must be application/json."));
            }
        }

        var raw = await ReadBoundedAsync(request, maxBytes, cancellationToken);
        if (raw.Rejected is not null)
        {
            return new([], default, null, raw.Rejected);
        }

        if (raw.Bytes.Length == 0 && optional)
        {
            return new(raw.Bytes, default, null, null);
        }

        if (!Utf8.IsValid(raw.Bytes))
        {
            // The serializer does not look inside names it skips: an unknown field could hide anything.
            return new(raw.Bytes, default, TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["body"] = ["The request body must be UTF-8."],
            }), null);
        }

        try
        {
            return new(raw.Bytes, JsonSerializer.Deserialize<T>(raw.Bytes, options), null, null);
        }
        catch (JsonException ex)
        {
            var field = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "body" : ex.Path.TrimStart('$', '.');
            return new(raw.Bytes, default, TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                [field] = ["The request body is not valid JSON for this endpoint (a value of the wrong type, or malformed JSON)."],
            }), null);
        }
    }

    /// <summary>The body, or 413 as soon as it is known to exceed <paramref name="maxBytes"/> (by its length or while reading).</summary>
    public static async Task<(byte[] Bytes, ProblemHttpResult? Rejected)> ReadBoundedAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            return ([], RequestBodyLimitFilter.TooLarge(maxBytes));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    return ([], RequestBodyLimitFilter.TooLarge(maxBytes));
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException ex)
        {
            // The server's own limit (set per endpoint by RequestBodyLimitFilter), or a malformed body framing.
            return ([], ex.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? RequestBodyLimitFilter.TooLarge(maxBytes)
                : TypedResults.Problem(statusCode: ex.StatusCode, title: "Bad Request", detail: "The request body could not be read."));
        }

        return (buffer.ToArray(), null);
    }
}
