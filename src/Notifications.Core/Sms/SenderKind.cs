namespace Notifications.Core.Sms;

public static class SenderKind
{
    public const string LongCode = "long_code";
    public const string ShortCode = "short_code";
    public const string Alphanumeric = "alphanumeric";
    public const string MessagingService = "messaging_service";

    public static string Of(SenderOptions sender) =>
        sender.MessagingServiceSid is not null ? MessagingService
        : sender.From is { } from && from.StartsWith('+') ? LongCode
        : sender.From is { } code && code.All(char.IsAsciiDigit) ? ShortCode
        : Alphanumeric;
}
