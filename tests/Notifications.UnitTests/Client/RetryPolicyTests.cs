using System.Net;
using System.Net.Http.Headers;
using Notifications.Client.Http;
using Polly.Timeout;

namespace Notifications.UnitTests.Client;

/// <summary>What the client retries: only what can make no second SMS and no second record.</summary>
public sealed class RetryPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(503, null, true)]
    [InlineData(503, 5, true)]
    [InlineData(503, 30, true)]
    [InlineData(503, 31, false)]
    [InlineData(429, 1, true)]
    [InlineData(429, 30, true)]
    [InlineData(429, 3600, false)]
    [InlineData(429, null, false)]
    [InlineData(500, null, false)]
    [InlineData(502, null, false)]
    [InlineData(504, null, false)]
    [InlineData(400, null, false)]
    [InlineData(401, null, false)]
    [InlineData(403, null, false)]
    [InlineData(404, null, false)]
    [InlineData(409, null, false)]
    [InlineData(422, null, false)]
    [InlineData(200, null, false)]
    [InlineData(202, null, false)]
    public void Answer_IsRetried_OnlyFor503AndBounded429(int status, int? retryAfterSeconds, bool retried)
    {
        using var response = new HttpResponseMessage((HttpStatusCode)status);
        if (retryAfterSeconds is { } seconds)
        {
            response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(seconds));
        }

        using var request = Send(withKey: true);
        Assert.Equal(retried, RetryPolicy.ShouldRetry(response, null, request, MaxRetryAfter, Now));
    }

    [Theory]
    [InlineData(HttpRequestError.ConnectionError, false, "GET", true)]
    [InlineData(HttpRequestError.ConnectionError, false, "POST", true)]
    [InlineData(HttpRequestError.NameResolutionError, false, "POST", true)]
    [InlineData(HttpRequestError.ResponseEnded, false, "POST", false)]
    [InlineData(HttpRequestError.ResponseEnded, true, "POST", true)]
    [InlineData(HttpRequestError.ResponseEnded, false, "GET", false)]
    [InlineData(HttpRequestError.Unknown, false, "POST", false)]
    [InlineData(HttpRequestError.Unknown, true, "POST", true)]
    public void ConnectionFailure_IsRetried_WhenNothingWasSent_OrTheSendCarriesItsKey(HttpRequestError error, bool withKey, string method, bool retried)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), "api/messages");
        if (withKey)
        {
            request.Headers.Add(RetryPolicy.IdempotencyKeyHeader, "k1");
        }

        Assert.Equal(retried, RetryPolicy.ShouldRetry(null, new HttpRequestException(error, "failed"), request, MaxRetryAfter, Now));
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void AttemptTimeout_IsRetried_OnlyForAKeyedSend(bool withKey, bool retried)
    {
        using var request = Send(withKey);

        Assert.Equal(retried, RetryPolicy.ShouldRetry(null, new TimeoutRejectedException(), request, MaxRetryAfter, Now));
    }

    [Fact]
    public void AttemptTimeout_OfARead_IsNotRetried()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/messages/1");

        Assert.False(RetryPolicy.ShouldRetry(null, new TimeoutRejectedException(), request, MaxRetryAfter, Now));
    }

    [Fact]
    public void CallerCancellation_IsNotRetried()
    {
        using var request = Send(withKey: true);

        Assert.False(RetryPolicy.ShouldRetry(null, new OperationCanceledException(), request, MaxRetryAfter, Now));
    }

    [Fact]
    public void RetryAfter_AsADate_IsTheDelayFromNow_AndNeverNegative()
    {
        using var later = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        later.Headers.RetryAfter = new RetryConditionHeaderValue(Now.AddSeconds(20));
        using var past = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        past.Headers.RetryAfter = new RetryConditionHeaderValue(Now.AddSeconds(-20));
        using var none = new HttpResponseMessage(HttpStatusCode.TooManyRequests);

        Assert.Equal(TimeSpan.FromSeconds(20), RetryPolicy.RetryAfter(later, Now));
        Assert.Equal(TimeSpan.Zero, RetryPolicy.RetryAfter(past, Now));
        Assert.Null(RetryPolicy.RetryAfter(none, Now));
    }

    private static HttpRequestMessage Send(bool withKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "api/messages");
        if (withKey)
        {
            request.Headers.Add(RetryPolicy.IdempotencyKeyHeader, "k1");
        }

        return request;
    }
}
