using Microsoft.EntityFrameworkCore;
using Notifications.Core.Data;
using Notifications.Core.Messages;

namespace Notifications.Api.Messages;

/// <summary>
/// Accepts messages in one short transaction: the outbox rows, their first timeline entry and the
/// idempotency record commit together, and the worker is notified on commit. Never calls Twilio.
/// </summary>
internal sealed class MessageAcceptor(NotificationsDbContext db, TimeProvider time)
{
    /// <summary>How long an idempotency key is remembered. The contract promises at least 24 hours.</summary>
    public static readonly TimeSpan KeyLifetime = TimeSpan.FromHours(25);

    public async Task<AcceptOutcome> AcceptAsync(
        string appId, IdempotencyRequest? idempotency, IReadOnlyList<Message> messages, StoredResponse response, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (idempotency is not null)
        {
            // Held until commit: a second request with the same key meanwhile is told the first is in flight.
            var locked = await db.Database
                .SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock(hashtextextended({appId + "\n" + idempotency.Key}, 0)) AS \"Value\"")
                .SingleAsync(cancellationToken);
            if (!locked)
            {
                return AcceptOutcome.InFlight;
            }

            var existing = await db.IdempotencyKeys.FirstOrDefaultAsync(k => k.AppId == appId && k.Key == idempotency.Key, cancellationToken);
            if (existing is not null && existing.ExpiresAt > now)
            {
                return existing.RequestHash == idempotency.RequestHash ? AcceptOutcome.Replay(existing) : AcceptOutcome.KeyReused;
            }

            if (existing is not null)
            {
                db.IdempotencyKeys.Remove(existing);
            }

            db.IdempotencyKeys.Add(new IdempotencyRecord
            {
                AppId = appId,
                Key = idempotency.Key,
                RequestHash = idempotency.RequestHash,
                ResponseStatus = response.Status,
                ResponseBody = response.Body,
                ResponseLocation = response.Location,
                CreatedAt = now,
                ExpiresAt = now + KeyLifetime,
            });
        }

        db.Messages.AddRange(messages);
        db.MessageEvents.AddRange(messages.Select(m => new MessageEvent
        {
            MessageId = m.Id,
            At = now,
            Type = MessageEventType.Accepted,
            Status = MessageStatus.Accepted,
            Detail = m.DueAt > now ? $"scheduled for {m.DueAt:O}" : null,
        }));
        await db.SaveChangesAsync(cancellationToken);
        if (messages.Count > 0)
        {
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_notify('{OutboxChannels.Messages}', '')", cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return AcceptOutcome.Accepted;
    }
}

internal sealed record IdempotencyRequest(string Key, string RequestHash);

internal sealed record StoredResponse(int Status, string Body, string? Location);

internal sealed record AcceptOutcome(string Kind, IdempotencyRecord? Previous = null)
{
    public static readonly AcceptOutcome Accepted = new("accepted");
    public static readonly AcceptOutcome InFlight = new("in_flight");
    public static readonly AcceptOutcome KeyReused = new("key_reused");

    public static AcceptOutcome Replay(IdempotencyRecord previous) => new("replay", previous);
}
