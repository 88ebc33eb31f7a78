using Microsoft.Extensions.Configuration;

namespace Notifications.AppHost;

/// <summary>
/// Which providers are real and where they call back, read from the AppHost's configuration (same key names
/// as the services). Twilio is real when <c>TWILIO_ACCOUNT_SID</c> and <c>TWILIO_AUTH_TOKEN</c> are both set,
/// SendGrid when <c>SENDGRID_API_KEY</c> is; the simulator stands in for the others and is started only when
/// one of them needs it.
/// </summary>
internal sealed record ProviderSettings(bool RealTwilio, bool RealSendGrid, string? PublicBaseUrl)
{
    public const string PublicBaseUrlKey = "PUBLIC_BASE_URL";
    public const string StatusCallbackPath = "/api/webhooks/twilio/status";

    public bool NeedsSimulator => !RealTwilio || !RealSendGrid;

    /// <summary>
    /// Reads the settings; refuses real Twilio credentials without <c>PUBLIC_BASE_URL</c>, since Twilio could not
    /// reach a status callback on this machine's loopback address and every message would look unanswered.
    /// </summary>
    public static ProviderSettings From(IConfiguration configuration)
    {
        var realTwilio = IsSet(configuration, "TWILIO_ACCOUNT_SID") && IsSet(configuration, "TWILIO_AUTH_TOKEN");
        var realSendGrid = IsSet(configuration, "SENDGRID_API_KEY");
        var publicBaseUrl = configuration[PublicBaseUrlKey];

        if (string.IsNullOrWhiteSpace(publicBaseUrl))
        {
            if (realTwilio)
            {
                throw new InvalidOperationException(
                    $"{PublicBaseUrlKey} is required in the AppHost's configuration when TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN are set: "
                    + "the public https origin that reaches the api (your domain, or a tunnel to http://localhost:5080), "
                    + $"for example {PublicBaseUrlKey}=https://notifications.example.com. Twilio posts status callbacks to "
                    + $"{{{PublicBaseUrlKey}}}{StatusCallbackPath} and the api checks their signatures against it.");
            }

            return new ProviderSettings(realTwilio, realSendGrid, null);
        }

        if (!Uri.TryCreate(publicBaseUrl, UriKind.Absolute, out var origin)
            || (origin.Scheme != Uri.UriSchemeHttps && origin.Scheme != Uri.UriSchemeHttp)
            || origin.AbsolutePath != "/" || !string.IsNullOrEmpty(origin.Query) || !string.IsNullOrEmpty(origin.Fragment))
        {
            throw new InvalidOperationException(
                $"{PublicBaseUrlKey} must be an http or https origin with no path, such as https://notifications.example.com (was '{publicBaseUrl}').");
        }

        return new ProviderSettings(realTwilio, realSendGrid, origin.GetLeftPart(UriPartial.Authority));
    }

    private static bool IsSet(IConfiguration configuration, string key) => !string.IsNullOrWhiteSpace(configuration[key]);
}
