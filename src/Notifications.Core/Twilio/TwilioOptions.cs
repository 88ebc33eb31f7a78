namespace Notifications.Core.Twilio;

/// <summary>
/// Twilio settings, read from the environment-style keys the service has always used
/// (<c>TWILIO_ACCOUNT_SID</c>, <c>TWILIO_AUTH_TOKEN</c>, ...).
/// </summary>
public sealed class TwilioOptions
{
    public const string AccountSidKey = "TWILIO_ACCOUNT_SID";
    public const string AuthTokenKey = "TWILIO_AUTH_TOKEN";
    public const string FromNumberKey = "TWILIO_FROM_NUMBER";
    public const string MessagingServiceSidKey = "TWILIO_MESSAGING_SERVICE_SID";
    public const string StatusCallbackUrlKey = "TWILIO_STATUS_CALLBACK_URL";
    public const string ApiBaseUrlKey = "TWILIO_API_BASE_URL";
    public const string PublicBaseUrlKey = "PUBLIC_BASE_URL";

    /// <summary>Twilio's own API origin, the default of <see cref="ApiBaseUrl"/>.</summary>
    public static readonly Uri DefaultApiBaseUrl = new("https://api.twilio.com");

    public string AccountSid { get; set; } = string.Empty;

    public string AuthToken { get; set; } = string.Empty;

    /// <summary>The default sender: a number or an alphanumeric sender ID. Optional.</summary>
    public string? FromNumber { get; set; }

    /// <summary>A Messaging Service that picks the sender. Optional.</summary>
    public string? MessagingServiceSid { get; set; }

    /// <summary>The URL Twilio posts status callbacks to (and the one their signatures cover). Optional.</summary>
    public Uri? StatusCallbackUrl { get; set; }

    /// <summary>Where the SDK sends its requests. The default value is <c>https://api.twilio.com</c>.</summary>
    public Uri ApiBaseUrl { get; set; } = DefaultApiBaseUrl;

    /// <summary>The origin Twilio uses to reach the API, for signature checks behind proxies. Optional.</summary>
    public Uri? PublicBaseUrl { get; set; }
}
