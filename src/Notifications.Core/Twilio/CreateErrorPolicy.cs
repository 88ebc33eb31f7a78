namespace Notifications.Core.Twilio;

public static class CreateErrorPolicy
{
    public static CreateErrorAction Classify(int httpStatus, int? code) => code switch
    {
        20429 => CreateErrorAction.Retry,
        21611 => CreateErrorAction.Retry,
        21610 => CreateErrorAction.Suppress,
        21211 or 21612 or 21614 => CreateErrorAction.Fallback,
        21408 or 20003 or 21606 or 21659 => CreateErrorAction.ConfigurationAlert,
        _ when httpStatus == 429 || httpStatus >= 500 => CreateErrorAction.Retry,
        _ => CreateErrorAction.Fallback,
    };
}
