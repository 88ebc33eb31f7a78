using System.Net;
using System.Text.Json;

namespace Notifications.Client;

/// <summary>
/// 429: the app is over a limit (its daily segment limit, <c>Apps:&lt;app&gt;:DailySegmentLimit</c>); nothing was sent.
/// <see cref="NotificationsApiException.RetryAfter"/> says when to try again. The client waits and retries by itself only
/// when that is at most <see cref="NotificationsClientOptions.MaxRetryAfter"/>.
/// </summary>
public sealed class NotificationsRateLimitedException : NotificationsApiException
{
    /// <summary>Creates the exception for a 429 problem answer.</summary>
    /// <param name="problem">The problem document.</param>
    /// <param name="retryAfter">The answer's <c>Retry-After</c>.</param>
    public NotificationsRateLimitedException(JsonElement problem, TimeSpan? retryAfter)
        : base(HttpStatusCode.TooManyRequests, problem, retryAfter)
    {
    }
}
