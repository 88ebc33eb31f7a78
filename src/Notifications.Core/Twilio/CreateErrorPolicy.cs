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

    /// <summary>
    /// Twilio refused the create because the sender goes too fast (429, 20429, or 21611: the sender's queue
    /// is full): the sender's rate goes down (<c>AimdRate</c>). A 5xx is not throttling: it says nothing of the rate.
    /// </summary>
    public static bool IsThrottled(int httpStatus, int? code) => httpStatus == 429 || code is 20429 or 21611;
}
