namespace Notifications.Core.Sms;

/// <summary>A message the provider has that matches a lookup: its SID and when the provider created it.</summary>
public sealed record SmsFound(string Sid, DateTimeOffset DateCreated);
