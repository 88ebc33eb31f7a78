using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Notifications.Core.Data;
using Notifications.Core.Email;
using Npgsql;

namespace Notifications.Core.Messages;

/// <summary>One SendGrid event about a fallback email.</summary>
public sealed record EmailEvent(string EventId, string Event, Guid MessageId, string? Reason)
{
    /// <summary>Reads an event; null when it is not about one of our fallback emails.</summary>
    public static EmailEvent? From(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object
            || !json.TryGetProperty("sg_event_id", out var id) || id.GetString() is not { Length: > 0 } eventId
            || !json.TryGetProperty("event", out var type) || type.GetString() is not { Length: > 0 } eventName
            || !json.TryGetProperty(SendGridEmailSender.MessageIdArgument, out var messageId) || !Guid.TryParse(messageId.GetString(), out var message))
        {
            return null;
        }

        var reason = json.TryGetProperty("reason", out var r) ? r.GetString() : null;
        return new EmailEvent(eventId, eventName, message, reason);
    }
}

/// <summary>
/// Maps SendGrid events onto <c>fallback.status</c> as <see cref="MessageTransitions"/> allows (only
/// forward); each <c>sg_event_id</c> is applied once.
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
            Detail = emailEvent.Reason is null ? emailEvent.Event : $"{emailEvent.Event}: {emailEvent.Reason}",
            ExternalId = $"sendgrid:{emailEvent.EventId}",
        });

        FallbackTrigger? trigger = emailEvent.Event switch
        {
            "delivered" => FallbackTrigger.Deliver,
            "bounce" => FallbackTrigger.Bounce,
            "dropped" => FallbackTrigger.Drop,
            "processed" or "deferred" => FallbackTrigger.Send,
            _ => null,
        };
        if (trigger is { } move && MessageTransitions.Next(message.FallbackStatus, move) is { Allowed: true } next)
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
            LogDuplicate(logger, emailEvent.EventId, message.Id.ToString("D", CultureInfo.InvariantCulture));
        }
    }

    [LoggerMessage(1, LogLevel.Information, "Duplicate SendGrid event {EventId} for message {MessageId} ignored")]
    private static partial void LogDuplicate(ILogger logger, string eventId, string messageId);
}
