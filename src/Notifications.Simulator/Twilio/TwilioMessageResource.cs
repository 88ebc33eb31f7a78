using System.Globalization;

namespace Notifications.Simulator.Twilio;

/// <summary>The Message resource as Twilio's API returns it (serialised in snake_case).</summary>
public sealed record TwilioMessageResource(
    string AccountSid,
    string ApiVersion,
    string Body,
    string DateCreated,
    string? DateSent,
    string DateUpdated,
    string Direction,
    int? ErrorCode,
    string? ErrorMessage,
    string? From,
    string? MessagingServiceSid,
    string NumMedia,
    string NumSegments,
    string? Price,
    string PriceUnit,
    string Sid,
    string Status,
    Dictionary<string, string> SubresourceUris,
    string To,
    string Uri)
{
    public const string ApiVersionValue = "2010-04-01";

    public static TwilioMessageResource Of(SimulatedMessage message)
    {
        var uri = $"/2010-04-01/Accounts/{message.AccountSid}/Messages/{message.Sid}";
        return new TwilioMessageResource(
            AccountSid: message.AccountSid,
            ApiVersion: ApiVersionValue,
            Body: message.Body,
            DateCreated: Rfc2822(message.DateCreated),
            DateSent: message.DateSent is { } sent ? Rfc2822(sent) : null,
            DateUpdated: Rfc2822(message.DateUpdated == default ? message.DateCreated : message.DateUpdated),
            Direction: "outbound-api",
            ErrorCode: message.ErrorCode,
            ErrorMessage: message.ErrorCode is { } code ? ErrorMessages.Describe(code) : null,
            From: message.From,
            MessagingServiceSid: message.MessagingServiceSid,
            NumMedia: "0",
            NumSegments: message.NumSegments.ToString(CultureInfo.InvariantCulture),
            Price: null,
            PriceUnit: "USD",
            Sid: message.Sid,
            Status: message.Status,
            SubresourceUris: new Dictionary<string, string>
            {
                ["media"] = $"{uri}/Media.json",
                ["feedback"] = $"{uri}/Feedback.json",
            },
            To: message.To,
            Uri: $"{uri}.json");
    }

    public static string Rfc2822(DateTimeOffset value) =>
        value.UtcDateTime.ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture);
}
