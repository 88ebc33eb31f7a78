using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Notifications.Client;

namespace Notifications.UnitTests.Client;

/// <summary>problem+json answers as typed exceptions, in the shapes the api writes them.</summary>
public sealed class ProblemMappingTests
{
    [Theory]
    [InlineData(400, typeof(NotificationsValidationException))]
    [InlineData(401, typeof(NotificationsUnauthorizedException))]
    [InlineData(403, typeof(NotificationsForbiddenException))]
    [InlineData(404, typeof(NotificationsNotFoundException))]
    [InlineData(409, typeof(NotificationsConflictException))]
    [InlineData(429, typeof(NotificationsRateLimitedException))]
    [InlineData(422, typeof(NotificationsApiException))]
    [InlineData(500, typeof(NotificationsApiException))]
    [InlineData(503, typeof(NotificationsApiException))]
    public async Task Status_MapsToItsException_WithTheProblemMembers(int status, Type expected)
    {
        using var response = Problem(status, """{"type":"https://tools.ietf.org/html/rfc9110","title":"T","status":0,"detail":"D","instance":"/api/x"}""");

        var exception = await NotificationsClient.ProblemAsync(response, CancellationToken.None);

        Assert.IsType(expected, exception);
        Assert.Equal((HttpStatusCode)status, exception.StatusCode);
        Assert.Equal("https://tools.ietf.org/html/rfc9110", exception.Type);
        Assert.Equal("T", exception.Title);
        Assert.Equal("D", exception.Detail);
        Assert.Equal("/api/x", exception.Instance);
        Assert.Contains("D", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validation_CarriesTheFieldErrors()
    {
        using var response = Problem(400, """{"title":"One or more validation errors occurred.","status":400,"errors":{"to":["Must be E.164."],"messages[2].body":["Must not be empty.","Too long."]}}""");

        var exception = Assert.IsType<NotificationsValidationException>(await NotificationsClient.ProblemAsync(response, CancellationToken.None));

        Assert.Equal(["Must be E.164."], exception.Errors["to"]);
        Assert.Equal(["Must not be empty.", "Too long."], exception.Errors["messages[2].body"]);
    }

    [Fact]
    public async Task Forbidden_NamesTheMissingScope()
    {
        using var response = Problem(403, """{"title":"Forbidden","status":403,"detail":"This app lacks the scope 'consent:read'.","scope":"consent:read"}""");

        var exception = Assert.IsType<NotificationsForbiddenException>(await NotificationsClient.ProblemAsync(response, CancellationToken.None));

        Assert.Equal("consent:read", exception.MissingScope);
    }

    [Fact]
    public async Task RateLimited_CarriesRetryAfter()
    {
        using var response = Problem(429, """{"title":"Daily segment limit reached","status":429}""");
        response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(3600));

        var exception = Assert.IsType<NotificationsRateLimitedException>(await NotificationsClient.ProblemAsync(response, CancellationToken.None));

        Assert.Equal(TimeSpan.FromSeconds(3600), exception.RetryAfter);
    }

    [Fact]
    public async Task NotJson_KeepsTheStatus_WithAnEmptyProblem()
    {
        using var response = new HttpResponseMessage(HttpStatusCode.BadGateway) { Content = new StringContent("<html>bad gateway</html>", Encoding.UTF8, "text/html") };

        var exception = await NotificationsClient.ProblemAsync(response, CancellationToken.None);

        Assert.Equal(HttpStatusCode.BadGateway, exception.StatusCode);
        Assert.Null(exception.Title);
    }

    private static HttpResponseMessage Problem(int status, string json) =>
        new((HttpStatusCode)status) { Content = new StringContent(json, Encoding.UTF8, "application/problem+json") };
}
