namespace Notifications.Simulator.SendGrid;

/// <summary>SendGrid's v3 error body: <c>{ "errors": [ { "message", "field", "help" } ] }</c>.</summary>
public sealed record SendGridErrors(IReadOnlyList<SendGridError> Errors)
{
    public IResult ToResult(int status) => Results.Json(this, SendGridJsonContext.Default.SendGridErrors, statusCode: status);
}
