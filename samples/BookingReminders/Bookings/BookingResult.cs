namespace BookingReminders.Bookings;

/// <summary>
/// A booking made (<see cref="Booking"/>), or why not: field errors keyed by the form's property names (an empty key
/// belongs to no one field) and a problem for the whole form.
/// </summary>
public sealed record BookingResult(Booking? Booking, IReadOnlyDictionary<string, string[]> FieldErrors, string? Problem)
{
    public static BookingResult Booked(Booking booking) => new(booking, new Dictionary<string, string[]>(), null);

    public static BookingResult Invalid(IReadOnlyDictionary<string, string[]> fieldErrors, string? problem) => new(null, fieldErrors, problem);
}
