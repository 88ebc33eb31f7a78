namespace Notifications.Core.Email;

/// <summary>One fallback email.</summary>
public sealed record EmailRequest(string To, string Subject, string Body, Guid MessageId);
