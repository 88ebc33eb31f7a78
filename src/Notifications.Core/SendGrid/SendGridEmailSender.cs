using System.Net;
using Microsoft.Extensions.Options;
using Notifications.Core.Email;
using SendGrid;
using SendGrid.Helpers.Mail;

namespace Notifications.Core.SendGrid;

/// <summary><see cref="IEmailSender"/> over the official SendGrid SDK. The message id travels in <c>custom_args</c>.</summary>
public sealed class SendGridEmailSender(ISendGridClient client, IOptions<SendGridOptions> options) : IEmailSender
{
    public const string MessageIdArgument = "notification_message_id";

    public async Task<EmailSendResult> SendAsync(EmailRequest request, CancellationToken cancellationToken)
    {
        var mail = MailHelper.CreateSingleEmail(
            new EmailAddress(options.Value.FromEmail), new EmailAddress(request.To), request.Subject, request.Body, null);
        mail.AddCustomArg(MessageIdArgument, request.MessageId.ToString());

        Response response;
        try
        {
            response = await client.SendEmailAsync(mail, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            return new EmailSendResult.Transient(ex.Message);
        }

        if (response.StatusCode == HttpStatusCode.Accepted && response.Headers.TryGetValues("X-Message-Id", out var ids))
        {
            return new EmailSendResult.Accepted(ids.First());
        }

        var detail = await response.Body.ReadAsStringAsync(cancellationToken);
        return (int)response.StatusCode is 429 or >= 500
            ? new EmailSendResult.Transient($"{(int)response.StatusCode}: {detail}")
            : new EmailSendResult.Rejected((int)response.StatusCode, detail);
    }
}
