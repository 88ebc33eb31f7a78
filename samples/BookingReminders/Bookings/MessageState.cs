namespace BookingReminders.Bookings;

/// <summary>A text's status as Notifications reports it now, with its email fallback's status when it has one.</summary>
public sealed record MessageState(Guid Id, string Status, string? FallbackStatus);
