namespace Notifications.Api.Http;

/// <summary>The request body limit of each endpoint group, applied with <see cref="WithRequestBodyLimit{TBuilder}"/>.</summary>
internal static class RequestBodyLimits
{
    /// <summary>Messages: a batch of 1,000 messages with long bodies and fallback emails fits in 4 MiB.</summary>
    public const long Messages = 4 * 1024 * 1024;

    /// <summary>Consent evidence: the longest opt-in text, URL and user agent fit many times over in 64 KiB.</summary>
    public const long Consents = 64 * 1024;

    /// <summary>Twilio's webhooks: a form with a 1,600-character body and Twilio's other parameters fits in 64 KiB.</summary>
    public const long TwilioWebhooks = 64 * 1024;

    /// <summary>SendGrid's event webhook: SendGrid batches events into posts of up to about 1 MiB; 4 MiB leaves room.</summary>
    public const long SendGridEvents = 4 * 1024 * 1024;

    /// <summary>Adds <see cref="RequestBodyLimitFilter"/> (first, before any filter that reads the body) and documents the 413.</summary>
    public static TBuilder WithRequestBodyLimit<TBuilder>(this TBuilder builder, long maxBytes)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(new RequestBodyLimitFilter(maxBytes));
}
