using Microsoft.Extensions.Options;
using Notifications.Core.Sms;
using Twilio.Clients;
using Twilio.Exceptions;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Rest.Api.V2010.Account.Message;
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
            ValidityPeriod = request.ValidityPeriodSeconds,
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

    public async Task<IReadOnlyList<SmsFound>> FindAsync(
        string recipient, string sender, string body, DateTimeOffset createdFrom, DateTimeOffset createdUntil, CancellationToken cancellationToken)
    {
        // No DateSent filter: a message still queued at Twilio has no send date and would be missed.
        // The list is newest first, so reading stops at the first message created before the window.
        var read = new ReadMessageOptions
        {
            To = new PhoneNumber(recipient),
            PageSize = 50,
            Limit = 500,
            PathAccountSid = options.Value.AccountSid,
        };
        var isService = sender.StartsWith("MG", StringComparison.Ordinal);
        if (!isService && sender.StartsWith('+'))
        {
            read.From = new PhoneNumber(sender);
        }

        var found = new List<SmsFound>();
        var messages = await MessageResource.ReadAsync(read, client).WaitAsync(cancellationToken);
        foreach (var message in messages)
        {
            if (message.DateCreated is not { } created)
            {
                continue;
            }

            var createdAt = created.Kind == DateTimeKind.Local
                ? new DateTimeOffset(created).ToUniversalTime()
                : new DateTimeOffset(DateTime.SpecifyKind(created, DateTimeKind.Utc));
            if (createdAt < createdFrom)
            {
                break;
            }

            var fromSender = isService ? message.MessagingServiceSid == sender : message.From?.ToString() == sender;
            if (createdAt <= createdUntil && fromSender && message.Body == body && message.Direction == MessageResource.DirectionEnum.OutboundApi)
            {
                found.Add(new SmsFound(message.Sid, createdAt));
            }
        }

        return found;
    }

    public async Task<bool> ReportConfirmedAsync(string sid, CancellationToken cancellationToken)
    {
        try
        {
            await FeedbackResource.CreateAsync(new CreateFeedbackOptions(sid) { Outcome = FeedbackResource.OutcomeEnum.Confirmed }, client)
                .WaitAsync(cancellationToken);
            return true;
        }
        catch (ApiException ex) when (ex.Status is >= 400 and < 500 and not 429)
        {
            return false;
        }
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
