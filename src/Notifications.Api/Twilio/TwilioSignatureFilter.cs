using Microsoft.Extensions.Options;
using Notifications.Api.Http;
using Notifications.Core.Twilio;
using Twilio.Security;

namespace Notifications.Api.Twilio;

/// <summary>
/// Refuses (403, nothing recorded) any Twilio webhook whose <c>X-Twilio-Signature</c> does not match the URL
/// Twilio was given: <c>PUBLIC_BASE_URL</c> plus the path and query, or, when it is unset, the URL the request
/// was made to (scheme, host, port, path, query; <c>X-Forwarded-Proto</c>/<c>X-Forwarded-Host</c> count only from
/// the proxies in <c>ForwardedHeaders</c>), or <c>TWILIO_STATUS_CALLBACK_URL</c> exactly. Every posted parameter is
/// covered. There is no setting that turns the check off, and the check never throws: whatever the validator
/// cannot handle is a refusal.
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

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(context.HttpContext.RequestAborted);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return RequestBodyLimitFilter.TooLarge(RequestBodyLimits.TwilioWebhooks);
        }
        catch (Exception ex) when (ex is BadHttpRequestException or InvalidDataException)
        {
            // Past the form reader's limits (too many fields, a field too long) or not a form at all.
            return Results.Problem(title: "Bad Request", detail: "The form could not be read.", statusCode: StatusCodes.Status400BadRequest);
        }

        if (!IsSigned(request, form, signature))
        {
            return Refuse(request);
        }

        return await next(context);
    }

    private bool IsSigned(HttpRequest request, IFormCollection form, string signature)
    {
        try
        {
            var parameters = form.ToDictionary(p => p.Key, p => p.Value.ToString(), StringComparer.Ordinal);
            var validator = new RequestValidator(options.Value.AuthToken);
            foreach (var url in CandidateUrls(request))
            {
                if (validator.Validate(url, parameters, signature))
                {
                    return true;
                }
            }

            return false;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Any failure of the check is a refusal, never a 500: the poster is not trusted. The log names the
            // exception's type only: its message may quote the URL or the posted values (a phone number).
            LogCheckFailed(logger, request.Path, ex.GetType().Name);
            return false;
        }
    }

    private IEnumerable<string> CandidateUrls(HttpRequest request)
    {
        var pathAndQuery = request.PathBase + request.Path + request.QueryString;
        if (options.Value.PublicBaseUrl is { } publicBase)
        {
            yield return publicBase.GetLeftPart(UriPartial.Authority) + publicBase.AbsolutePath.TrimEnd('/') + pathAndQuery;
        }
        else if (request.Host.HasValue)
        {
            // The URL as requested. Behind a proxy, Scheme and Host are the forwarded ones only when the
            // proxy is one of ForwardedHeaders:KnownProxies/KnownNetworks (see ForwardedHeadersSetup).
            yield return $"{request.Scheme}://{request.Host.ToUriComponent()}{pathAndQuery}";
        }

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

    [LoggerMessage(2, LogLevel.Warning, "Refused a Twilio webhook on {Path}: the signature check failed with {ExceptionType}")]
    private static partial void LogCheckFailed(ILogger logger, PathString path, string exceptionType);
}
