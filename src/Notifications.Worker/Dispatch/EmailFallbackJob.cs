using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Notifications.Core.Data;
using Notifications.Core.Email;
using Notifications.Core.Hosting;
using Notifications.Core.Messages;
using Notifications.Core.Telemetry;

namespace Notifications.Worker.Dispatch;

/// <summary>
/// Sends a message's fallback email through SendGrid, once: the job holds the fallback's lease
/// (<see cref="FallbackLease"/>) while it works, checks the fallback is still to be sent once it holds
/// it, and records "sent" right after SendGrid's 202, waiting out a database outage for up to half the
/// lease to do so. A crash between that 202 and the record (or an outage longer than that) leaves the
/// fallback pending: a new job sends it again (at least once, see docs/architecture.md); the copy
/// carries the same message id in its custom args. Right before sending it asks <see cref="FallbackEmailPolicy"/>
/// whether the person wants the email at all (an unsubscribe or spam report for the program, marketing email
/// consent); when not, the fallback ends <c>failed</c> with that reason (<see cref="FallbackTrigger.Withhold"/>) and nothing is sent.
/// </summary>
public sealed partial class EmailFallbackJob(
    NotificationsDbContext db,
    Npgsql.NpgsqlDataSource dataSource,
    IEmailSender email,
    FallbackEmailPolicy policy,
    NotificationsMetrics metrics,
    IOptions<DispatchOptions> options,
    TimeProvider time,
    ILogger<EmailFallbackJob> logger)
{
    [Queue("fallback")]
    [AutomaticRetry(Attempts = 5, DelaysInSeconds = [10, 30, 60, 120, 300], OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [JobDisplayName("Email fallback for message {0}")]
    public async Task SendAsync(Guid messageId, CancellationToken cancellationToken)
    {
        await using var lease = await FallbackLease.TryTakeAsync(dataSource, messageId, options.Value.FallbackLease, time, logger, cancellationToken);
        if (lease is null)
        {
            return; // another job holds it, or it is no longer pending
        }

        var message = await db.Messages.FirstOrDefaultAsync(m => m.Id == messageId, cancellationToken);
        if (message is null || !MessageTransitions.Next(message.FallbackStatus, FallbackTrigger.Send).Allowed || message.FallbackProviderId is not null || message.FallbackEmail is null)
        {
            return; // already sent, or nothing to send
        }

        if (await policy.WithholdReasonAsync(message, cancellationToken) is { } withheld)
        {
            await WithholdAsync(message, withheld, cancellationToken);
            return;
        }

        var result = await email.SendAsync(new EmailRequest(
            message.FallbackEmail, message.EmailSubject ?? options.Value.DefaultEmailSubject, message.Body, message.Id), cancellationToken);
        var now = time.GetUtcNow();
        switch (result)
        {
            case EmailSendResult.Accepted accepted:
                message.FallbackStatus = MessageTransitions.Next(message.FallbackStatus, FallbackTrigger.Send).To;
                message.FallbackProviderId = accepted.ProviderId;
                message.FallbackUpdatedAt = now;
                db.MessageEvents.Add(new MessageEvent { MessageId = message.Id, At = now, Type = MessageEventType.FallbackSent, Detail = $"SendGrid {accepted.ProviderId}; reason {message.FallbackReason}" });

                await RecordSentAsync(message.Id);
                LogSent(logger, message.Id, message.FallbackReason);
                break;
            case EmailSendResult.Rejected rejected:
                message.FallbackStatus = MessageTransitions.Next(message.FallbackStatus, FallbackTrigger.Fail).To;
                message.FallbackUpdatedAt = now;
                db.MessageEvents.Add(new MessageEvent { MessageId = message.Id, At = now, Type = MessageEventType.FallbackFailed, Detail = $"SendGrid {rejected.HttpStatus}" });
                await db.SaveChangesAsync(cancellationToken);
                LogRejected(logger, message.Id, rejected.HttpStatus);
                break;
            case EmailSendResult.Transient transient:
                throw new InvalidOperationException($"SendGrid did not take the fallback email yet: {transient.Detail}");
        }
    }

    /// <summary>Ends the fallback without an email (<see cref="FallbackTrigger.Withhold"/>): <c>failed</c>, with why as its reason; the timeline keeps why it was requested.</summary>
    private async Task WithholdAsync(Message message, string reason, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var requestedFor = message.FallbackReason;
        message.FallbackStatus = MessageTransitions.Next(message.FallbackStatus, FallbackTrigger.Withhold).To;
        message.FallbackReason = reason;
        message.FallbackUpdatedAt = now;
        db.MessageEvents.Add(new MessageEvent
        {
            MessageId = message.Id, At = now, Type = MessageEventType.FallbackFailed, Detail = $"not sent: {reason} (requested for {requestedFor})",
        });
        await db.SaveChangesAsync(cancellationToken);
        metrics.FallbackWithheld(reason);
        LogWithheld(logger, message.Id, reason);
    }

    /// <summary>
    /// Saves "sent" whatever happens to the job now: SendGrid has the email, and a fallback left pending would be
    /// sent again by the job's retry. While PostgreSQL is unreachable the save is tried again, for up to half the
    /// lease (the lease keeps other jobs away that long even when it cannot be renewed during the outage).
    /// </summary>
    private async Task RecordSentAsync(Guid messageId)
    {
        var giveUpAt = time.GetUtcNow() + (options.Value.FallbackLease / 2);
        var delay = TimeSpan.FromMilliseconds(250);
        while (true)
        {
            try
            {
                await db.SaveChangesAsync(CancellationToken.None);
                return;
            }
            catch (Exception ex) when (DependencyFailures.IsDatabaseUnavailable(ex) && time.GetUtcNow() + delay < giveUpAt)
            {
                if (delay == TimeSpan.FromMilliseconds(250))
                {
                    LogRecordWaits(logger, messageId, ex.GetType().Name);
                }

                await Task.Delay(delay, time, CancellationToken.None);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }

    [LoggerMessage(3, LogLevel.Warning, "SendGrid took the fallback email of message {MessageId} but recording it failed ({Error}); trying again until the database answers")]
    private static partial void LogRecordWaits(ILogger logger, Guid messageId, string error);

    [LoggerMessage(1, LogLevel.Information, "Fallback email sent for message {MessageId} (reason {Reason})")]
    private static partial void LogSent(ILogger logger, Guid messageId, string? reason);

    [LoggerMessage(4, LogLevel.Information, "Fallback email of message {MessageId} not sent: {Reason}")]
    private static partial void LogWithheld(ILogger logger, Guid messageId, string reason);

    [LoggerMessage(2, LogLevel.Error, "SendGrid refused the fallback email for message {MessageId} ({Status})")]
    private static partial void LogRejected(ILogger logger, Guid messageId, int status);
}
