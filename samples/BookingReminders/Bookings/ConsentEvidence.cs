namespace BookingReminders.Bookings;

/// <summary>Where and how the consent box was ticked: the form's URL and the browser's address and user agent.</summary>
public sealed record ConsentEvidence(string PageUrl, string? IpAddress, string? UserAgent);
