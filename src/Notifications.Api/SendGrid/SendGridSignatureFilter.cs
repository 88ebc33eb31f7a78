using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Notifications.Core.Email;
using Notifications.Core.SendGrid;

namespace Notifications.Api.SendGrid;

/// <summary>
/// When <c>SENDGRID_WEBHOOK_PUBLIC_KEY</c> is set, refuses (403, nothing recorded) event posts
/// whose ECDSA signature over timestamp + raw body does not verify, or is missing.
/// </summary>
internal sealed partial class SendGridSignatureFilter(IOptions<SendGridOptions> options, ILogger<SendGridSignatureFilter> logger) : IEndpointFilter
{
    public const string SignatureHeader = "X-Twilio-Email-Event-Webhook-Signature";
    public const string TimestampHeader = "X-Twilio-Email-Event-Webhook-Timestamp";
    public const string RawBodyItem = "sendgrid.raw-body";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        var body = buffer.ToArray();
        http.Items[RawBodyItem] = body;

        if (options.Value.WebhookPublicKey is not { } publicKey)
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
}
