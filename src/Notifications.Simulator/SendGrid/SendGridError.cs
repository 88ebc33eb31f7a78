namespace Notifications.Simulator.SendGrid;

public sealed record SendGridError(string Message, string? Field, string? Help);
