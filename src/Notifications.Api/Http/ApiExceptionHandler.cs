using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Notifications.Core.Hosting;

namespace Notifications.Api.Http;

/// <summary>
/// The answer to an exception no endpoint handled: <c>503</c> problem+json with <c>Retry-After</c> while
/// PostgreSQL is unreachable (<see cref="DependencyFailures.IsDatabaseUnavailable"/>), so that clients
/// retry instead of giving up; <c>500</c> problem+json without any detail of the exception otherwise.
/// The outage is logged here at most once per <see cref="RetryAfter"/> window, not per request.
/// </summary>
internal sealed partial class ApiExceptionHandler(IProblemDetailsService problemDetails, TimeProvider time, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    /// <summary>What <c>Retry-After</c> asks for: about as long as a PostgreSQL restart takes. The value is 5 seconds.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    private long _lastOutageLogged = long.MinValue;

    /// <summary>True for the exceptions answered 503, whose per-request error log the middleware leaves out.</summary>
    public static bool IsServiceUnavailable(Exception exception) => DependencyFailures.IsDatabaseUnavailable(exception);

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is BadHttpRequestException || httpContext.RequestAborted.IsCancellationRequested)
        {
            // The framework's own answers: the status the exception carries, or none for a client gone.
            return false;
        }

        if (IsServiceUnavailable(exception))
        {
            LogOutageOnce(exception);
            httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            httpContext.Response.Headers.RetryAfter = ((int)RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return await problemDetails.TryWriteAsync(new ProblemDetailsContext
            {
                HttpContext = httpContext,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status503ServiceUnavailable,
                    Type = "https://tools.ietf.org/html/rfc9110#section-15.6.4",
                    Title = "Service temporarily unavailable",
                    Detail = "The database cannot be reached. Nothing was stored; retry the request after the delay in Retry-After.",
                },
            });
        }

        httpContext.Response.StatusCode = StatusCodes.Status500InternalServerError;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Type = "https://tools.ietf.org/html/rfc9110#section-15.6.1",
                Title = "An unexpected error occurred",
            },
        });
    }

    private void LogOutageOnce(Exception exception)
    {
        var now = time.GetTimestamp();
        var last = Interlocked.Read(ref _lastOutageLogged);
        if ((last == long.MinValue || time.GetElapsedTime(last, now) >= RetryAfter)
            && Interlocked.CompareExchange(ref _lastOutageLogged, now, last) == last)
        {
            LogDatabaseUnavailable(logger, exception);
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "The database is unreachable; requests that need it are answered 503 with Retry-After")]
    private static partial void LogDatabaseUnavailable(ILogger logger, Exception exception);
}
