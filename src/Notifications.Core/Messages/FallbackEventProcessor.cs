using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Notifications.Core.Data;
using Notifications.Core.Email;
using Npgsql;

namespace Notifications.Core.Messages;

/// <summary>
/// Maps the email provider's events onto <c>fallback.status</c> as <see cref="MessageTransitions"/> allows (only
/// forward); each event is applied once.
/// </summary>
public sealed partial class FallbackEventProcessor(NotificationsDbContext db, TimeProvider time, ILogger<FallbackEventProcessor> logger)
{
    public async Task ApplyAsync(EmailEvent emailEvent, CancellationToken cancellationToken)
    {
        var message = await db.Messages.FirstOrDefaultAsync(m => m.Id == emailEvent.MessageId, cancellationToken);
        if (message is null)
        {
            return;
        }

        var now = time.GetUtcNow();
        db.MessageEvents.Add(new MessageEvent
        {
            MessageId = message.Id,
            At = now,
            Type = MessageEventType.FallbackEvent,
            Detail = emailEvent.Detail,
            ExternalId = emailEvent.ExternalId,
        });

        if (emailEvent.Trigger is { } move && MessageTransitions.Next(message.FallbackStatus, move) is { Allowed: true } next)
        {
            message.FallbackStatus = next.To;
            message.FallbackUpdatedAt = now;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            db.ChangeTracker.Clear();
            LogDuplicate(logger, emailEvent.ExternalId, message.Id.ToString("D", CultureInfo.InvariantCulture));
        }
    }

    [LoggerMessage(1, LogLevel.Information, "Duplicate email event {ExternalId} for message {MessageId} ignored")]
    private static partial void LogDuplicate(ILogger logger, string externalId, string messageId);
}
