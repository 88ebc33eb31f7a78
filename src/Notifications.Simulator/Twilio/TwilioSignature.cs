using System.Security.Cryptography;
using System.Text;

namespace Notifications.Simulator.Twilio;

/// <summary>
/// <c>X-Twilio-Signature</c> as Twilio computes it: base64(HMAC-SHA1(auth token, URL followed by
/// every POST parameter's name and value, sorted by name)).
/// </summary>
public static class TwilioSignature
{
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Security", "CA5350:Do Not Use Weak Cryptographic Algorithms",
        Justification = "Twilio's signature scheme is defined as HMAC-SHA1; the simulator must produce it exactly.")]
    public static string Compute(string authToken, string url, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var data = new StringBuilder(url);
        foreach (var (key, value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            data.Append(key).Append(value);
        }

        var hash = HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString()));
        return Convert.ToBase64String(hash);
    }
}
