namespace Notifications.Simulator.SendGrid;

/// <summary>One event webhook post for this email.</summary>
public sealed record EmailEventRecord(string Event, string Email, string SgEventId, int? HttpStatus, bool Duplicate, DateTimeOffset PostedAt);
