namespace BookingReminders.Bookings;

/// <summary>
/// The time zones the booking form offers: IANA area/location names, which the API's consent <c>timeZone</c> takes too
/// (it refuses a bare "UTC", which names no place whose quiet hours could apply).
/// </summary>
public static class AppointmentTimeZones
{
    public const string Default = "America/New_York";

    public static IReadOnlyList<string> All { get; } =
    [
        "America/New_York",
        "America/Chicago",
        "America/Denver",
        "America/Phoenix",
        "America/Los_Angeles",
        "America/Anchorage",
        "Pacific/Honolulu",
        "America/Toronto",
        "America/Vancouver",
        "Europe/London",
    ];

    public static bool IsOffered(string? id) => id is not null && All.Contains(id, StringComparer.Ordinal);

    public static TimeZoneInfo Find(string id) => TimeZoneInfo.FindSystemTimeZoneById(id);

    /// <summary>How an appointment reads in texts and on the pages: "Tue 1 Dec 2026 at 14:30".</summary>
    public static string Format(DateTimeOffset at, string timeZone) =>
        TimeZoneInfo.ConvertTime(at, Find(timeZone)).ToString("ddd d MMM yyyy 'at' HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}
