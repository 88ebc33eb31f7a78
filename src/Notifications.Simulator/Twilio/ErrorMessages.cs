namespace Notifications.Simulator.Twilio;

/// <summary>Twilio's short descriptions of delivery error codes.</summary>
public static class ErrorMessages
{
    public static string Describe(int code) => code switch
    {
        30001 => "Queue overflow",
        30002 => "Account suspended",
        30003 => "Unreachable destination handset",
        30004 => "Message blocked",
        30005 => "Unknown destination handset",
        30006 => "Landline or unreachable carrier",
        30007 => "Message filtered",
        30008 => "Unknown error",
        30017 => "Carrier network congestion",
        30018 => "Destination carrier requires sender ID pre-registration",
        30024 => "Numeric sender ID not provisioned by carrier",
        30032 => "Toll-free number has not been verified",
        30034 => "Message from an unregistered number",
        30036 => "Validity period expired",
        30500 => "Internal error",
        _ => "Message delivery failed",
    };
}
