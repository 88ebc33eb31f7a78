namespace Notifications.Simulator.Twilio;

public enum FirstAttemptFault
{
    None,
    TooManyRequests,
    ServerError,
    DropAfterAccept,
}
