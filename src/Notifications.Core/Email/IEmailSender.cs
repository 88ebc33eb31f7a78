namespace Notifications.Core.Email;

/// <summary>The email provider, as the fallback needs it.</summary>
public interface IEmailSender
{
    Task<EmailSendResult> SendAsync(EmailRequest request, CancellationToken cancellationToken);
}
