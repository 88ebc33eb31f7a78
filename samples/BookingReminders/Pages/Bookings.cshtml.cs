using BookingReminders.Bookings;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace BookingReminders.Pages;

/// <summary>The bookings with the current status of their texts, each read through the client.</summary>
public sealed class BookingsModel(BookingStore store, MessageStates states) : PageModel
{
    /// <summary>How many bookings the page shows (each costs up to two API calls).</summary>
    public const int Shown = 50;

    public IReadOnlyList<BookingRow> Rows { get; private set; } = [];

    /// <summary>The booking just made, when the form redirected here.</summary>
    public Booking? Booked { get; private set; }

    public async Task OnGetAsync(Guid? booked, CancellationToken cancellationToken)
    {
        var bookings = (await store.ListAsync(cancellationToken)).Take(Shown).ToList();
        Booked = bookings.FirstOrDefault(b => b.Id == booked);
        Rows = await Task.WhenAll(bookings.Select(async booking => new BookingRow(
            booking,
            await states.ReadAsync(booking.ConfirmationMessageId, cancellationToken),
            await states.ReadAsync(booking.ReminderMessageId, cancellationToken))));
    }

    /// <summary>The number with all but its last four digits hidden: the list is for staff glancing at it.</summary>
    public static string Masked(string phone)
    {
        ArgumentNullException.ThrowIfNull(phone);
        var digits = new string([.. phone.Where(char.IsAsciiDigit)]);
        return digits.Length <= 4 ? "····" : $"···· {digits[^4..]}";
    }
}

/// <summary>One booking and the state of its two texts (null: the booking has no such text).</summary>
public sealed record BookingRow(Booking Booking, MessageState? Confirmation, MessageState? Reminder);
