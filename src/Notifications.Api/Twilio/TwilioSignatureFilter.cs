using Microsoft.Extensions.Options;
using Notifications.Core.Sms;
using Notifications.Core.Twilio;
using Twilio.Security;

namespace Notifications.Api.Twilio;

/// <summary>
/// Refuses (403, nothing recorded) any Twilio webhook whose <c>X-Twilio-Signature</c> does not
/// match the URL Twilio was given: <c>PUBLIC_BASE_URL</c> plus the path and query (the request's
/// own origin when unset), or <c>TWILIO_STATUS_CALLBACK_URL</c> exactly. Every posted parameter is
/// covered. There is no setting that turns the check off.
/// </summary>
internal sealed partial class TwilioSignatureFilter(IOptions<TwilioOptions> options, ILogger<TwilioSignatureFilter> logger) : IEndpointFilter
{
    public const string SignatureHeader = "X-Twilio-Signature";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var request = context.HttpContext.Request;
        var signature = request.Headers[SignatureHeader].ToString();
        if (string.IsNullOrEmpty(signature) || !request.HasFormContentType)
        {
            return Refuse(request);
        }

        var form = await request.ReadFormAsync(context.HttpContext.RequestAborted);
        var parameters = form.ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);
        var validator = new RequestValidator(options.Value.AuthToken);
        foreach (var url in CandidateUrls(request))
        {
            if (validator.Validate(url, parameters, signature))
            {
                return await next(context);
            }
        }

        return Refuse(request);
    }

    private IEnumerable<string> CandidateUrls(HttpRequest request)
    {
        var origin = options.Value.PublicBaseUrl?.GetLeftPart(UriPartial.Authority) + options.Value.PublicBaseUrl?.AbsolutePath.TrimEnd('/')
            ?? $"{request.Scheme}://{request.Host}";
        yield return origin + request.PathBase + request.Path + request.QueryString;

        if (options.Value.StatusCallbackUrl is { } statusCallback
            && string.Equals(statusCallback.AbsolutePath, (request.PathBase + request.Path).Value, StringComparison.Ordinal))
        {
            // The worker appends the message id to the configured URL; Twilio signs what it was given.
            yield return string.IsNullOrEmpty(statusCallback.Query)
                ? statusCallback.OriginalString + request.QueryString
                : statusCallback.OriginalString;
        }
    }

    private IResult Refuse(HttpRequest request)
    {
        LogRefused(logger, request.Path);
        return Results.Problem(
            title: "Forbidden",
            detail: $"Missing or invalid {SignatureHeader}.",
            statusCode: StatusCodes.Status403Forbidden);
    }

    [LoggerMessage(1, LogLevel.Warning, "Refused a Twilio webhook on {Path}: missing or invalid signature")]
    private static partial void LogRefused(ILogger logger, PathString path);
}
