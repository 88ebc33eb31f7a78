using System.Security.Cryptography;
using System.Text;

namespace Notifications.IntegrationTests.Infrastructure;

/// <summary>Computes <c>X-Twilio-Signature</c> as Twilio documents it, independently of the code under test.</summary>
public static class TwilioSigner
{
    public static string Sign(string authToken, string url, IReadOnlyDictionary<string, string> parameters)
    {
        var data = new StringBuilder(url);
        foreach (var key in parameters.Keys.Order(StringComparer.Ordinal))
        {
            data.Append(key).Append(parameters[key]);
        }

#pragma warning disable CA5350 // HMAC-SHA1 is Twilio's signature scheme.
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString())));
#pragma warning restore CA5350
    }
}
