using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace BookingReminders.Bookings;

/// <summary>What the booking form posts. The phone number and email are checked by Notifications, not here.</summary>
public sealed class BookingForm
{
    /// <summary>How far ahead an appointment may be: Notifications schedules a message at most 30 days ahead.</summary>
    public static readonly TimeSpan MaxAhead = TimeSpan.FromDays(30);

    private static readonly string[] LocalFormats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss", "yyyy-MM-dd HH:mm"];

    [Required(ErrorMessage = "Enter your name.")]
    [StringLength(100, ErrorMessage = "Your name must be at most 100 characters.")]
    [Display(Name = "Name")]
    public string? Name { get; set; }

    [Required(ErrorMessage = "Enter your mobile number.")]
    [StringLength(40, ErrorMessage = "The number must be at most 40 characters.")]
    [Display(Name = "Mobile number")]
    public string? Phone { get; set; }

    [StringLength(254, ErrorMessage = "The email address must be at most 254 characters.")]
    [Display(Name = "Email (optional)")]
    public string? Email { get; set; }

    /// <summary>The appointment's local date and time, as an HTML <c>datetime-local</c> field posts it (2026-12-01T14:30).</summary>
    [Required(ErrorMessage = "Enter the date and time of the appointment.")]
    [Display(Name = "Date and time")]
    public string? AppointmentAt { get; set; }

    [Required(ErrorMessage = "Choose a time zone.")]
    [Display(Name = "Time zone")]
    public string? TimeZone { get; set; } = AppointmentTimeZones.Default;

    /// <summary>The consent box: unticked unless the person ticks it.</summary>
    public bool SmsConsent { get; set; }

    /// <summary>
    /// The appointment's instant, from <see cref="AppointmentAt"/> read in <see cref="TimeZone"/>; or the reason it cannot
    /// be booked (unreadable, a time skipped by a clock change, past, or further ahead than <see cref="MaxAhead"/>).
    /// </summary>
    public bool TryGetAppointment(DateTimeOffset now, out DateTimeOffset appointment, out string problem)
    {
        appointment = default;
        if (!AppointmentTimeZones.IsOffered(TimeZone))
        {
            problem = "Choose one of the listed time zones.";
            return false;
        }

        if (!DateTime.TryParseExact(AppointmentAt?.Trim(), LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            problem = "Enter the date and time as 2026-12-01T14:30.";
            return false;
        }

        var zone = AppointmentTimeZones.Find(TimeZone!);
        if (zone.IsInvalidTime(local))
        {
            problem = "That time does not exist in this time zone (the clocks change then).";
            return false;
        }

        appointment = new DateTimeOffset(local, zone.GetUtcOffset(local));
        if (appointment <= now)
        {
            problem = "The appointment must be in the future.";
            return false;
        }

        if (appointment > now + MaxAhead)
        {
            problem = "Appointments can be booked at most 30 days ahead.";
            return false;
        }

        problem = string.Empty;
        return true;
    }
}
