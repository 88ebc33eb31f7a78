using Microsoft.AspNetCore.Http.HttpResults;
using Notifications.Simulator.Twilio;

namespace Notifications.Simulator.Inspection;

/// <summary>
/// Records every message create answered with a Twilio error (a magic number's 21211 or 21610, a 429, a 5xx), with
/// the posted fields, so the inspection page shows refusals next to what was sent.
/// </summary>
public sealed class RejectedCreateRecorder(RecentLog<RejectedCreate> rejected, TimeProvider time) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var result = await next(context);
        if (result is JsonHttpResult<TwilioError> { Value: { } error } && context.HttpContext.Request.HasFormContentType)
        {
            // The handler has read the form: this is the cached copy.
            var form = await context.HttpContext.Request.ReadFormAsync(context.HttpContext.RequestAborted);
            rejected.Add(new RejectedCreate(
                form["To"].ToString(), NullIfEmpty(form["From"].ToString()), NullIfEmpty(form["MessagingServiceSid"].ToString()),
                form["Body"].ToString(), error.Status, error.Code, error.Message, time.GetUtcNow()));
        }

        return result;
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
