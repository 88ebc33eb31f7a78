using System.Security.Cryptography;

namespace Notifications.Core.SendGrid;

/// <summary>SendGrid settings, read from <c>SENDGRID_*</c> keys.</summary>
public sealed class SendGridOptions
{
    public const string ApiKeyKey = "SENDGRID_API_KEY";
    public const string FromEmailKey = "SENDGRID_FROM_EMAIL";
    public const string ApiBaseUrlKey = "SENDGRID_API_BASE_URL";
    public const string WebhookPublicKeyKey = "SENDGRID_WEBHOOK_PUBLIC_KEY";

    public static readonly Uri DefaultApiBaseUrl = new("https://api.sendgrid.com");

    public string ApiKey { get; set; } = string.Empty;

    public string FromEmail { get; set; } = string.Empty;

    /// <summary>Where the SDK sends its requests. The default value is <c>https://api.sendgrid.com</c>.</summary>
    public Uri ApiBaseUrl { get; set; } = DefaultApiBaseUrl;

    /// <summary>Base64 ECDSA public key; when set, unsigned or badly signed event posts are refused.</summary>
    public string? WebhookPublicKey { get; set; }

    /// <summary>Whether <paramref name="key"/> is a base64 DER ECDSA public key, as SendGrid shows it.</summary>
    public static bool IsEcdsaPublicKey(string key)
    {
        try
        {
            using var ecdsa = ECDsa.Create();
            ecdsa.ImportSubjectPublicKeyInfo(Convert.FromBase64String(key), out _);
            return true;
        }
        catch (Exception ex) when (ex is FormatException or CryptographicException)
        {
            return false;
        }
    }
}
