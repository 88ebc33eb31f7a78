namespace Notifications.Core.Sms;

/// <summary>One SMS to hand to the provider.</summary>
public sealed record SmsRequest(string To, string? From, string? MessagingServiceSid, string Body, Uri? StatusCallback);

/// <summary>How a create call ended.</summary>
public abstract record SmsSendResult
{
    /// <summary>The provider took the message and gave it this SID.</summary>
    public sealed record Accepted(string Sid) : SmsSendResult;

    /// <summary>The provider answered with an error: the message was not created.</summary>
    public sealed record Rejected(int HttpStatus, int? Code, string Message) : SmsSendResult;

    /// <summary>No answer (timeout, dropped connection): the message may or may not exist.</summary>
    public sealed record Ambiguous(string Reason) : SmsSendResult;
}

/// <summary>A message the provider has that matches a lookup: its SID and when the provider created it.</summary>
public sealed record SmsFound(string Sid, DateTimeOffset DateCreated);
