using Microsoft.Extensions.Options;
using Notifications.Core.Sms;
using Twilio.Clients;
using Twilio.Exceptions;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Types;

namespace Notifications.Core.Twilio;

/// <summary><see cref="ISmsSender"/> over the official Twilio SDK.</summary>
public sealed class TwilioSmsSender(ITwilioRestClient client, IOptions<TwilioOptions> options) : ISmsSender
{
    public async Task<SmsSendResult> SendAsync(SmsRequest request, CancellationToken cancellationToken)
    {
        var create = new CreateMessageOptions(new PhoneNumber(request.To))
        {
            Body = request.Body,
            StatusCallback = request.StatusCallback,
        };
        if (request.MessagingServiceSid is not null)
        {
            create.MessagingServiceSid = request.MessagingServiceSid;
        }
        else
        {
            create.From = new PhoneNumber(request.From);
        }

        try
        {
            var message = await MessageResource.CreateAsync(create, client).WaitAsync(cancellationToken);
            return new SmsSendResult.Accepted(message.Sid);
        }
        catch (ApiException ex)
        {
            return new SmsSendResult.Rejected(ex.Status, ex.Code == 0 ? null : ex.Code, ex.Message);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // ApiConnectionException, a timeout, a dropped connection: Twilio may have created it.
            return new SmsSendResult.Ambiguous(ex.GetType().Name);
        }
    }

    public async Task<string?> FindAsync(string recipient, string? from, string body, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var read = new ReadMessageOptions
        {
            To = new PhoneNumber(recipient),
            DateSentAfter = since.UtcDateTime.AddMinutes(-1),
            PageSize = 50,
            Limit = 200,
            PathAccountSid = options.Value.AccountSid,
        };
        if (from is not null && from.StartsWith('+'))
        {
            read.From = new PhoneNumber(from);
        }

        var messages = await MessageResource.ReadAsync(read, client).WaitAsync(cancellationToken);
        return messages.FirstOrDefault(m => m.Body == body && m.Direction == MessageResource.DirectionEnum.OutboundApi)?.Sid;
    }

    public async Task<(string Status, int? ErrorCode)?> FetchStatusAsync(string sid, CancellationToken cancellationToken)
    {
        try
        {
            var message = await MessageResource.FetchAsync(pathSid: sid, client: client).WaitAsync(cancellationToken);
            return (message.Status.ToString(), message.ErrorCode);
        }
        catch (ApiException ex) when (ex.Status == 404)
        {
            return null;
        }
    }
}
