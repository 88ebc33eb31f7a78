using System.Net;
using System.Text.Json;

namespace Notifications.Client;

/// <summary>
/// The api refused a call: its <c>application/problem+json</c> answer (RFC 9457). Subclasses stand for the answers a caller
/// handles differently: <see cref="NotificationsValidationException"/> (400), <see cref="NotificationsUnauthorizedException"/>
/// (401), <see cref="NotificationsForbiddenException"/> (403), <see cref="NotificationsNotFoundException"/> (404),
/// <see cref="NotificationsConflictException"/> (409) and <see cref="NotificationsRateLimitedException"/> (429); any other
/// status (422, 500, 503, ...) is this type.
/// </summary>
public class NotificationsApiException : Exception
{
    /// <summary>Creates the exception for a problem answer.</summary>
    /// <param name="statusCode">The answer's HTTP status.</param>
    /// <param name="problem">The problem document, or an empty object when the answer had none.</param>
    /// <param name="retryAfter">The answer's <c>Retry-After</c>, if it had one.</param>
    public NotificationsApiException(HttpStatusCode statusCode, JsonElement problem, TimeSpan? retryAfter = null)
        : base(MessageOf(statusCode, problem))
    {
        StatusCode = statusCode;
        Problem = problem;
        RetryAfter = retryAfter;
    }

    /// <summary>The answer's HTTP status.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The problem's <c>type</c> (a URI reference), if given.</summary>
    public string? Type => StringMember("type");

    /// <summary>The problem's <c>title</c>, if given.</summary>
    public string? Title => StringMember("title");

    /// <summary>The problem's <c>detail</c>, if given: what went wrong with this call.</summary>
    public string? Detail => StringMember("detail");

    /// <summary>The problem's <c>instance</c>, if given.</summary>
    public string? Instance => StringMember("instance");

    /// <summary>The whole problem document as the api wrote it (extension members included).</summary>
    public JsonElement Problem { get; }

    /// <summary>The answer's <c>Retry-After</c>: how long to wait before trying again, when the api said.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>A string member of the problem document, or null.</summary>
    /// <param name="name">The member's name, for example <c>scope</c>.</param>
    protected string? StringMember(string name) =>
        Problem.ValueKind == JsonValueKind.Object && Problem.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static string MessageOf(HttpStatusCode statusCode, JsonElement problem)
    {
        string? Member(string name) => problem.ValueKind == JsonValueKind.Object && problem.TryGetProperty(name, out var value)
            && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        var title = Member("title") ?? statusCode.ToString();
        return Member("detail") is { } detail
            ? $"The Notifications api answered {(int)statusCode} {title}: {detail}"
            : $"The Notifications api answered {(int)statusCode} {title}.";
    }
}
