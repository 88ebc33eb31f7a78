using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Notifications.Api.Http;
using Notifications.Core.SendGrid;

namespace Notifications.Api.SendGrid;

/// <summary>
/// Refuses (403, nothing recorded) event posts whose ECDSA signature over timestamp + raw body does not verify
/// with <c>SENDGRID_WEBHOOK_PUBLIC_KEY</c>, or is missing. Without the key, unsigned posts are accepted only in
/// Development or when <c>SendGrid:AllowUnsignedEvents</c> says so. The body is read here, bounded, once.
/// </summary>
internal sealed partial class SendGridSignatureFilter(
    IOptions<SendGridOptions> options, IOptions<SendGridWebhookOptions> webhook, IHostEnvironment environment,
    ILogger<SendGridSignatureFilter> logger) : IEndpointFilter
{
    public const string SignatureHeader = "X-Twilio-Email-Event-Webhook-Signature";
    public const string TimestampHeader = "X-Twilio-Email-Event-Webhook-Timestamp";
    public const string RawBodyItem = "sendgrid.raw-body";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var publicKey = options.Value.WebhookPublicKey;
        if (publicKey is null)
        {
            if (!environment.IsDevelopment() && !webhook.Value.AllowUnsignedEvents)
            {
                LogUnsignedRefused(logger);
                return Results.Problem(title: "Forbidden", statusCode: StatusCodes.Status403Forbidden,
                    detail: $"Unsigned SendGrid events are refused: {SendGridOptions.WebhookPublicKeyKey} is not configured.");
            }
        }

        var (body, rejected) = await JsonRequestBody.ReadBoundedAsync(http.Request, RequestBodyLimits.SendGridEvents, http.RequestAborted);
        if (rejected is not null)
        {
            return rejected;
        }

        http.Items[RawBodyItem] = body;
        if (publicKey is null)
        {
            return await next(context);
        }

        var signature = http.Request.Headers[SignatureHeader].ToString();
        var timestamp = http.Request.Headers[TimestampHeader].ToString();
        if (signature.Length == 0 || timestamp.Length == 0 || !Verify(publicKey, timestamp, body, signature))
        {
            LogRefused(logger);
            return Results.Problem(title: "Forbidden", detail: $"Missing or invalid {SignatureHeader}.", statusCode: StatusCodes.Status403Forbidden);
        }

        return await next(context);
    }

    private static bool Verify(string publicKey, string timestamp, byte[] body, string signature)
    {
        try
        {
            using var ecdsa = ECDsa.Create();
            ecdsa.ImportSubjectPublicKeyInfo(Convert.FromBase64String(publicKey), out _);
            var signed = Encoding.UTF8.GetBytes(timestamp).Concat(body).ToArray();
            return ecdsa.VerifyData(signed, Convert.FromBase64String(signature), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        }
        catch (Exception ex) when (ex is FormatException or CryptographicException)
        {
            return false;
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "Refused a SendGrid event post: missing or invalid signature")]
    private static partial void LogRefused(ILogger logger);

    [LoggerMessage(3, LogLevel.Warning, "Refused an unsigned SendGrid event post: no public key is configured outside Development")]
    private static partial void LogUnsignedRefused(ILogger logger);
}
