using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Notifications.Core.Data;
using Npgsql;

namespace Notifications.Core.Messages;

/// <summary>A Twilio status callback, as the webhook received it.</summary>
public sealed record StatusCallback(Guid? MessageId, string MessageSid, string TwilioStatus, int? ErrorCode, string? IdempotencyToken);

/// <summary>
/// Applies status callbacks: every callback is kept in the timeline (duplicates, recognised by their
/// idempotency token, once); the status only moves forward. A final failure asks for the fallback.
/// </summary>
public sealed partial class StatusCallbackProcessor(NotificationsDbContext db, TimeProvider time, ILogger<StatusCallbackProcessor> logger)
{
    /// <summary>Returns the message whose fallback should start, if the callback calls for one.</summary>
    public async Task<Guid?> ApplyAsync(StatusCallback callback, CancellationToken cancellationToken)
    {
        var status = MessageStatusOrder.FromTwilio(callback.TwilioStatus);
        var message = callback.MessageId is { } id
            ? await db.Messages.FirstOrDefaultAsync(m => m.Id == id, cancellationToken)
            : await db.Messages.FirstOrDefaultAsync(m => m.ProviderSid == callback.MessageSid, cancellationToken);
        if (message is null || status is null)
        {
            LogUnknown(logger, callback.MessageSid, callback.TwilioStatus);
            return null;
        }

        var now = time.GetUtcNow();
        var externalId = callback.IdempotencyToken is { Length: > 0 } token ? $"twilio:{token}" : $"twilio:{callback.MessageSid}:{callback.TwilioStatus}";
        db.MessageEvents.Add(new MessageEvent
        {
            MessageId = message.Id,
            At = now,
            Type = MessageEventType.StatusCallback,
            Status = status,
            ErrorCode = callback.ErrorCode,
            Detail = callback.TwilioStatus,
            ExternalId = externalId,
        });

        // A callback can overtake the create answer: it also tells us the SID.
        message.ProviderSid ??= callback.MessageSid;
        Guid? fallback = null;
        if (message.ProviderSid == callback.MessageSid && MessageStatusOrder.Advances(message.Status, status))
        {
            message.Status = status;
            message.UpdatedAt = now;
            message.ErrorCode = callback.ErrorCode ?? message.ErrorCode;
            if (status == MessageStatus.Sent)
            {
                message.SentAt ??= now;
            }

            if (MessageStatusOrder.IsFinal(status))
            {
                message.FinalAt = now;
                if (status is MessageStatus.Undelivered or MessageStatus.Failed && message.FallbackEmail is not null && message.FallbackStatus is null)
                {
                    message.FallbackStatus = FallbackStatus.Pending;
                    message.FallbackReason = callback.ErrorCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? status;
                    message.FallbackRequestedAt = now;
                    fallback = message.Id;
                }
            }
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            db.ChangeTracker.Clear();
            LogDuplicate(logger, callback.MessageSid, callback.TwilioStatus);
            return null;
        }

        return fallback;
    }

    [LoggerMessage(1, LogLevel.Warning, "Status callback for unknown message {MessageSid} ({Status}) ignored")]
    private static partial void LogUnknown(ILogger logger, string messageSid, string status);

    [LoggerMessage(2, LogLevel.Information, "Duplicate status callback for {MessageSid} ({Status}) ignored")]
    private static partial void LogDuplicate(ILogger logger, string messageSid, string status);
}
