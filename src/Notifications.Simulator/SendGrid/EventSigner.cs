using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Notifications.Simulator.SendGrid;

/// <summary>
/// Signs event webhook posts as SendGrid does: ECDSA P-256 with SHA-256 over the timestamp followed
/// by the raw body, DER-encoded and base64 in <c>X-Twilio-Email-Event-Webhook-Signature</c>.
/// </summary>
public sealed class EventSigner : IDisposable
{
    public const string SignatureHeader = "X-Twilio-Email-Event-Webhook-Signature";
    public const string TimestampHeader = "X-Twilio-Email-Event-Webhook-Timestamp";

    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public EventSigner(IOptions<SimulatorOptions> options)
    {
        var configured = options.Value.SendGrid.SigningKey;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            try
            {
                _key.ImportPkcs8PrivateKey(Convert.FromBase64String(configured), out _);
            }
            catch (Exception ex) when (ex is FormatException or CryptographicException)
            {
                throw new InvalidOperationException("Simulator:SendGrid:SigningKey must be a base64 PKCS#8 ECDSA P-256 private key.", ex);
            }
        }

        PublicKey = Convert.ToBase64String(_key.ExportSubjectPublicKeyInfo());
    }

    /// <summary>The verification key in SendGrid's format (base64 DER SubjectPublicKeyInfo).</summary>
    public string PublicKey { get; }

    public string Sign(string timestamp, string body) =>
        Convert.ToBase64String(_key.SignData(Encoding.UTF8.GetBytes(timestamp + body), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));

    public void Dispose() => _key.Dispose();
}
