namespace BookingReminders.Bookings;

/// <summary>
/// One appointment as the app keeps it, with the ids of the two messages Notifications accepted for it (none when the
/// person did not agree to texts). The messages' status is not kept here: the bookings page reads it from the API.
/// </summary>
public sealed record Booking
{
    public required Guid Id { get; init; }

    public required string Name { get; init; }

    /// <summary>The number as the person typed it.</summary>
    public required string Phone { get; init; }

    public string? Email { get; init; }

    /// <summary>The appointment's instant; <see cref="TimeZone"/> says how to show it.</summary>
    public required DateTimeOffset AppointmentAt { get; init; }

    /// <summary>The IANA time zone the person chose the time in.</summary>
    public required string TimeZone { get; init; }

    /// <summary>Whether the person ticked the consent box (only then does the app record consent and text them).</summary>
    public required bool SmsConsent { get; init; }

    public required DateTimeOffset BookedAt { get; init; }

    public Guid? ConfirmationMessageId { get; init; }

    public Guid? ReminderMessageId { get; init; }

    /// <summary>When the reminder was asked to go out (null: at once, the appointment being less than a day away).</summary>
    public DateTimeOffset? ReminderSendAt { get; init; }

    /// <summary>Why a message the booking should have has no id: what the API answered.</summary>
    public string? Problem { get; init; }
}
