namespace Notifications.Core.Sms;

/// <summary>One SMS to hand to the provider.</summary>
public sealed record SmsRequest(string To, string? From, string? MessagingServiceSid, string Body, Uri? StatusCallback)
{
    /// <summary>How long the provider may keep trying to send it (Twilio's <c>ValidityPeriod</c>, 1–36,000 s); null: the provider's default.</summary>
    public int? ValidityPeriodSeconds { get; init; }

    /// <summary>Twilio's bounds on <c>ValidityPeriod</c>, in seconds.</summary>
    public const int MinValidityPeriod = 1;

    /// <summary>Twilio's longest <c>ValidityPeriod</c> (10 hours), also its default.</summary>
    public const int MaxValidityPeriod = 36_000;

    /// <summary>
    /// The <c>ValidityPeriod</c> for a message valid until <paramref name="validUntil"/>, created at <paramref name="now"/>:
    /// the whole seconds left when they are within Twilio's 1–36,000 s, else null (no limit, or further off than Twilio's default).
    /// </summary>
    public static int? ValidityPeriodFor(DateTimeOffset? validUntil, DateTimeOffset now)
    {
        if (validUntil is not { } until)
        {
            return null;
        }

        var seconds = Math.Floor((until - now).TotalSeconds);
        return seconds > MaxValidityPeriod ? null : (int)Math.Max(MinValidityPeriod, seconds);
    }
}
