namespace Notifications.Simulator.Twilio;

/// <summary>Twilio's REST error body: <c>{ code, message, more_info, status }</c>.</summary>
public sealed record TwilioError(int Code, string Message, string MoreInfo, int Status)
{
    public static TwilioError Create(int status, int code, string message) =>
        new(code, message, $"https://www.twilio.com/docs/errors/{code}", status);

    public static readonly TwilioError Authenticate = Create(401, 20003, "Authenticate");

    public IResult ToResult() => Results.Json(this, TwilioJsonContext.Default.TwilioError, statusCode: Status);
}
