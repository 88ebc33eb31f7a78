namespace Notifications.Core.Email;

/// <summary>One fallback email.</summary>
public sealed record EmailRequest(string To, string Subject, string Body, Guid MessageId);

public abstract record EmailSendResult
{
    public sealed record Accepted(string ProviderId) : EmailSendResult;

    public sealed record Rejected(int HttpStatus, string Detail) : EmailSendResult;

    public sealed record Transient(string Detail) : EmailSendResult;
}

/// <summary>The email provider, as the fallback needs it.</summary>
public interface IEmailSender
{
    Task<EmailSendResult> SendAsync(EmailRequest request, CancellationToken cancellationToken);
}
