namespace BookingReminders.Bookings;

/// <summary>
/// The exact words next to the consent box. They are sent to Notifications as the consent's <c>optInMessage</c>, so the
/// evidence holds what the person saw: the brand, how many messages, "Msg &amp; data rates may apply", how to stop and
/// get help, and that consent is not a condition of booking.
/// </summary>
public static class ConsentDisclosure
{
    public static string For(string brandName) =>
        $"Yes, text me about this appointment at the number above. {brandName} sends a booking confirmation and one reminder "
        + "the day before (2 msgs per booking). Msg & data rates may apply. Reply STOP to opt out, HELP for help. "
        + "Consent is not a condition of booking.";
}
