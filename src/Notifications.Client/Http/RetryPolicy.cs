using System.Net;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.Timeout;

namespace Notifications.Client.Http;

/// <summary>
/// What the client retries, and after how long. Only what cannot make a second SMS or a second record:
/// a <c>503</c> (the api stored nothing), a <c>429</c> whose <c>Retry-After</c> is at most
/// <see cref="NotificationsClientOptions.MaxRetryAfter"/>, and a connection that could not be opened (nothing was sent).
/// A send that carries its <c>Idempotency-Key</c> is also retried after a timeout or a dropped connection: the api answers
/// a repeated key with the first answer (or <c>409</c> while the first is still being processed), never a second message.
/// Nothing else: not a <c>500</c>, not a timeout of a call without a key.
/// </summary>
internal static class RetryPolicy
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    /// <summary>Whether the outcome of one attempt may be retried.</summary>
    public static bool ShouldRetry(HttpResponseMessage? response, Exception? exception, HttpRequestMessage? request, TimeSpan maxRetryAfter, DateTimeOffset now)
    {
        if (response is not null)
        {
            return response.StatusCode switch
            {
                HttpStatusCode.ServiceUnavailable => RetryAfter(response, now) is not { } wait || wait <= maxRetryAfter,
                HttpStatusCode.TooManyRequests => RetryAfter(response, now) is { } wait && wait <= maxRetryAfter,
                _ => false,
            };
        }

        return exception switch
        {
            // The connection was never opened: the request was not sent.
            HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError } => true,
            // Sent, perhaps processed: only a send the api can recognise by its key.
            HttpRequestException or TimeoutRejectedException => CarriesIdempotencyKey(request),
            _ => false,
        };
    }

    /// <summary>The answer's <c>Retry-After</c> (seconds or a date) as a delay from <paramref name="now"/>; null without one.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(response);
        var header = response.Headers.RetryAfter;
        var delay = header?.Delta ?? (header?.Date is { } date ? date - now : null);
        return delay is { } value && value < TimeSpan.Zero ? TimeSpan.Zero : delay;
    }

    /// <summary>Whether the request is a send with an <c>Idempotency-Key</c>.</summary>
    public static bool CarriesIdempotencyKey(HttpRequestMessage? request) =>
        request is not null && request.Method == HttpMethod.Post && request.Headers.Contains(IdempotencyKeyHeader);

    /// <summary>
    /// The standard resilience handler set to this policy: <see cref="ShouldRetry"/> for the retry (and the circuit breaker,
    /// so that a <c>500</c> never opens it), <c>Retry-After</c> as the delay when given, exponential back-off from
    /// <see cref="NotificationsClientOptions.RetryBaseDelay"/> otherwise, <see cref="NotificationsClientOptions.AttemptTimeout"/>
    /// per attempt and a total that covers every attempt and wait.
    /// </summary>
    public static void Apply(HttpStandardResilienceOptions resilience, NotificationsClientOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(resilience);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        var retries = options.MaxRetryAttempts;
        var maxRetryAfter = options.MaxRetryAfter;

        resilience.AttemptTimeout.Timeout = options.AttemptTimeout;
        resilience.Retry.MaxRetryAttempts = Math.Max(1, retries);
        resilience.Retry.BackoffType = DelayBackoffType.Exponential;
        resilience.Retry.UseJitter = true;
        resilience.Retry.Delay = options.RetryBaseDelay;
        resilience.Retry.ShouldHandle = args => ValueTask.FromResult(
            retries > 0 && ShouldRetry(args.Outcome.Result, args.Outcome.Exception, args.Context.GetRequestMessage(), maxRetryAfter, time.GetUtcNow()));
        resilience.Retry.DelayGenerator = args => ValueTask.FromResult(
            args.Outcome.Result is { } response && RetryAfter(response, time.GetUtcNow()) is { } wait ? wait : (TimeSpan?)null);
        resilience.CircuitBreaker.ShouldHandle = args => ValueTask.FromResult(
            ShouldRetry(args.Outcome.Result, args.Outcome.Exception, args.Context.GetRequestMessage(), maxRetryAfter, time.GetUtcNow()));
        resilience.CircuitBreaker.SamplingDuration = options.AttemptTimeout * 2 > TimeSpan.FromSeconds(30)
            ? options.AttemptTimeout * 2
            : TimeSpan.FromSeconds(30);

        // Every attempt may take its whole timeout, and every wait its longest delay (Retry-After bounded, back-off capped).
        var longestWait = maxRetryAfter > TimeSpan.FromSeconds(30) ? maxRetryAfter : TimeSpan.FromSeconds(30);
        resilience.Retry.MaxDelay = longestWait;
        resilience.TotalRequestTimeout.Timeout = (options.AttemptTimeout * (retries + 1)) + (longestWait * retries) + TimeSpan.FromSeconds(1);
    }
}
