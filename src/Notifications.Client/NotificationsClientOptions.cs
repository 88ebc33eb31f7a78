using System.ComponentModel.DataAnnotations;

namespace Notifications.Client;

/// <summary>
/// Where the Notifications api is and how the client calls it: configuration section <c>Notifications</c>
/// (<see cref="SectionName"/>), for example <c>Notifications:ApiKey</c>.
/// </summary>
public sealed class NotificationsClientOptions
{
    /// <summary>The configuration section the Aspire integration binds: <c>Notifications</c>.</summary>
    public const string SectionName = "Notifications";

    /// <summary>
    /// The api's base address (<c>Notifications:BaseAddress</c>), for example <c>https://notifications.example.com</c>.
    /// With the Aspire integration the default is <c>https+http://&lt;service name&gt;</c>, resolved by service discovery;
    /// otherwise it is required.
    /// </summary>
    [Required(ErrorMessage = "Notifications:BaseAddress is required: the api's base address (or an Aspire service name as https+http://api).")]
    [AbsoluteUri(ErrorMessage = "Notifications:BaseAddress must be an absolute URI, such as https://notifications.example.com or https+http://api.")]
    public Uri? BaseAddress { get; set; }

    /// <summary>The app's API key (<c>Notifications:ApiKey</c>), sent as <c>Authorization: Bearer &lt;key&gt;</c>. Required.</summary>
    [Required(ErrorMessage = "Notifications:ApiKey is required: the calling app's API key (ApiKeys:<app> on the api).")]
    public string? ApiKey { get; set; }

    /// <summary>
    /// How many times a call is retried when that is safe (<c>Notifications:MaxRetryAttempts</c>): a <c>503</c>, a <c>429</c>
    /// with <c>Retry-After</c>, a connection that could not be opened. <c>0</c> turns retries off. The default value is 3 retries.
    /// </summary>
    [Range(0, 10, ErrorMessage = "Notifications:MaxRetryAttempts must be between 0 and 10.")]
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>
    /// The longest <c>Retry-After</c> the client waits for by itself (<c>Notifications:MaxRetryAfter</c>); an answer asking for
    /// longer (the daily segment limit asks until 00:00 UTC) is thrown at once as <see cref="NotificationsRateLimitedException"/>
    /// (or <see cref="NotificationsApiException"/> for a <c>503</c>) carrying the delay. The default value is 30 seconds.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00", ErrorMessage = "Notifications:MaxRetryAfter must be between 00:00:00 and 00:10:00.")]
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The first back-off delay when the answer gives no <c>Retry-After</c> (<c>Notifications:RetryBaseDelay</c>); it doubles
    /// on each retry, with jitter. The default value is 1 second.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00", ErrorMessage = "Notifications:RetryBaseDelay must be between 00:00:00 and 00:01:00.")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long one attempt may take before it is abandoned (<c>Notifications:AttemptTimeout</c>). An abandoned send that
    /// carries its <c>Idempotency-Key</c> is retried with that key; any other abandoned call is thrown as a
    /// <see cref="TimeoutException"/>. The default value is 30 seconds.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00", ErrorMessage = "Notifications:AttemptTimeout must be between 00:00:01 and 00:10:00.")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
