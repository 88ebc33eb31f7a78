using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Notifications.Core.Consent;
using Notifications.Core.Data;
using Notifications.Core.Suppression;
using Notifications.Core.Telemetry;
using Npgsql;

namespace Notifications.Core.Messages;

/// <summary>A Twilio status callback, as the webhook received it.</summary>
public sealed record StatusCallback(Guid? MessageId, string MessageSid, string TwilioStatus, int? ErrorCode, string? IdempotencyToken);

/// <summary>
/// Applies status callbacks: every callback is kept in the timeline (duplicates, recognised by their
/// idempotency token, once); the status only moves forward. A final failure is handled by the
/// <see cref="DeliveryErrorPolicy"/>: a new attempt later, the fallback, a suppression, an alert.
/// </summary>
public sealed partial class StatusCallbackProcessor(
    NotificationsDbContext db,
    SuppressionList suppressions,
    ConsentLedger ledger,
    NotificationsMetrics metrics,
    TimeProvider time,
    ILogger<StatusCallbackProcessor> logger)
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

        using var activity = NotificationsActivity.StartForMessage("sms.status_callback", System.Diagnostics.ActivityKind.Consumer, message.Id, message.TraceParent);
        activity?.SetTag("notifications.status", status);
        activity?.SetTag("notifications.error_code", callback.ErrorCode);
        activity?.SetTag("notifications.country", message.Country);
        activity?.SetTag("notifications.sender_kind", message.SenderKind);

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

        // A callback can overtake the create answer: it then tells us the SID, unless it belongs to an earlier attempt.
        // (The current attempt's own row may already carry the SID: the worker records it concurrently.)
        if (message.ProviderSid is null && message.HandedOverAt is not null
            && !await db.MessageAttempts.AnyAsync(
                a => a.MessageId == message.Id && a.ProviderSid == callback.MessageSid && a.Number < message.Attempts, cancellationToken))
        {
            message.ProviderSid = callback.MessageSid;
        }

        Guid? fallback = null;
        var suppress = false;
        if (message.ProviderSid == callback.MessageSid && MessageStatusOrder.Advances(message.Status, status))
        {
            if (message.HandedOverAt is { } handedOver)
            {
                metrics.CallbackLag(now - handedOver, status);
            }

            message.Status = status;
            message.UpdatedAt = now;
            message.ErrorCode = callback.ErrorCode ?? message.ErrorCode;
            if (status == MessageStatus.Sent)
            {
                message.SentAt ??= now;
            }

            if (status == MessageStatus.Delivered)
            {
                message.FinalAt = now;
                metrics.Outcome(status, message.Country, message.SenderKind, null);
                metrics.Delivered(now - message.CreatedAt, message.Country, message.SenderKind);
            }
            else if (status is MessageStatus.Undelivered or MessageStatus.Failed)
            {
                metrics.Outcome(status, message.Country, message.SenderKind, callback.ErrorCode);
                var action = DeliveryErrorPolicy.Decide(callback.ErrorCode, message.Attempts);
                if (action == DeliveryAction.Retry)
                {
                    StartNewAttempt(message, DeliveryErrorPolicy.For(callback.ErrorCode).RetryAfter, now);
                }
                else
                {
                    message.FinalAt = now;
                    if (action == DeliveryAction.ConfigurationAlert)
                    {
                        metrics.ConfigurationAlert(callback.ErrorCode, message.Country);
                        LogConfigurationAlert(logger, message.Id, callback.ErrorCode, message.Country, message.SenderKind);
                    }

                    suppress = action == DeliveryAction.SuppressAndFallback;
                    fallback = RequestFallback(message, callback.ErrorCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? status, now);
                }
            }
            else if (MessageStatusOrder.IsFinal(status))
            {
                message.FinalAt = now;
            }
        }

        if (suppress)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await suppressions.SuppressAsync(message.To, SuppressionReason.BlockedByRecipient,
                callback.ErrorCode?.ToString(System.Globalization.CultureInfo.InvariantCulture), callback.MessageSid, cancellationToken);
            ledger.AddRevocation(message.To, ConsentPurpose.All, ConsentSource.CarrierSignal, ConsentLedger.SystemActor,
                note: $"Carrier reported {callback.ErrorCode} (blocked by the recipient) for message {message.Id}");
            if (!await TrySaveAsync(callback, cancellationToken))
            {
                return null;
            }

            await transaction.CommitAsync(cancellationToken);
            return fallback;
        }

        return await TrySaveAsync(callback, cancellationToken) ? fallback : null;
    }

    private async Task<bool> TrySaveAsync(StatusCallback callback, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            db.ChangeTracker.Clear();
            LogDuplicate(logger, callback.MessageSid, callback.TwilioStatus);
            return false;
        }
    }

    /// <summary>Back to the outbox for a new attempt; the failed attempt's SID stays in its attempt row.</summary>
    private void StartNewAttempt(Message message, TimeSpan after, DateTimeOffset now)
    {
        message.Status = MessageStatus.Accepted;
        message.ProviderSid = null;
        message.HandedOverAt = null;
        message.BatchId = null;
        message.ClaimedAt = null;
        message.DueAt = now + after;
        db.MessageEvents.Add(new MessageEvent
        {
            MessageId = message.Id, At = now, Type = MessageEventType.RetryScheduled, Status = MessageStatus.Accepted,
            ErrorCode = message.ErrorCode, Detail = $"new attempt at {message.DueAt:O}",
        });
    }

    private Guid? RequestFallback(Message message, string reason, DateTimeOffset now)
    {
        if (message.FallbackEmail is null || message.FallbackStatus is not null)
        {
            return null;
        }

        message.FallbackStatus = FallbackStatus.Pending;
        message.FallbackReason = reason;
        message.FallbackRequestedAt = now;
        metrics.FallbackRequested(reason);
        db.MessageEvents.Add(new MessageEvent { MessageId = message.Id, At = now, Type = MessageEventType.FallbackRequested, Detail = reason });
        return message.Id;
    }

    [LoggerMessage(1, LogLevel.Warning, "Status callback for unknown message {MessageSid} ({Status}) ignored")]
    private static partial void LogUnknown(ILogger logger, string messageSid, string status);

    [LoggerMessage(3, LogLevel.Critical, "Configuration alert: message {MessageId} failed with {ErrorCode} (country {Country}, sender kind {SenderKind}); check sender registration and the account")]
    private static partial void LogConfigurationAlert(ILogger logger, Guid messageId, int? errorCode, string country, string? senderKind);

    [LoggerMessage(2, LogLevel.Information, "Duplicate status callback for {MessageSid} ({Status}) ignored")]
    private static partial void LogDuplicate(ILogger logger, string messageSid, string status);
}
