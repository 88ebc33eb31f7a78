using Microsoft.EntityFrameworkCore;
using Notifications.Core.Data;

namespace Notifications.Core.Suppression;

/// <summary>
/// The suppression list: PostgreSQL is the truth, Redis a write-through cache of keyed hashes. Adds reach
/// Redis before the database commit (a failed commit over-suppresses, never under-suppresses); removals
/// after it. A number in the Redis set counts as suppressed even when PostgreSQL does not know it yet: an
/// opt-out received while PostgreSQL was down is there until it is replayed.
/// </summary>
public sealed class SuppressionList(NotificationsDbContext db, SuppressionCache cache, TimeProvider time)
{
    /// <summary>Marks <paramref name="phone"/> suppressed in the current transaction (call before committing).</summary>
    public async Task SuppressAsync(string phone, string reason, string? detail, string? sourceMessageSid, CancellationToken cancellationToken)
    {
        await cache.AddAsync(phone, cancellationToken);
        var now = time.GetUtcNow();
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO suppressions (phone, active, reason, detail, source_message_sid, suppressed_at, lifted_at, updated_at)
            VALUES ({phone}, TRUE, {reason}, {detail}, {sourceMessageSid}, {now}, NULL, {now})
            ON CONFLICT (phone) DO UPDATE SET
                active = TRUE, reason = EXCLUDED.reason, detail = EXCLUDED.detail,
                source_message_sid = EXCLUDED.source_message_sid, suppressed_at = EXCLUDED.suppressed_at,
                lifted_at = NULL, updated_at = EXCLUDED.updated_at
            """, cancellationToken);
    }

    /// <summary>Lifts the suppression in the current transaction; call <see cref="AfterLiftCommittedAsync"/> after committing.</summary>
    public async Task<bool> LiftAsync(string phone, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var lifted = await db.Database.ExecuteSqlInterpolatedAsync($"""
            UPDATE suppressions SET active = FALSE, lifted_at = {now}, updated_at = {now}
            WHERE phone = {phone} AND active
            """, cancellationToken);
        return lifted > 0;
    }

    /// <summary>Removes the number from the cache, unless an opt-out of it received during an outage is still pending.</summary>
    public Task AfterLiftCommittedAsync(string phone, CancellationToken cancellationToken) => cache.RemoveAsync(phone, cancellationToken);

    /// <summary>
    /// The suppressed numbers among <paramref name="phones"/>: Redis alone when its set is complete; otherwise
    /// the numbers Redis has together with those PostgreSQL has.
    /// </summary>
    public async Task<IReadOnlySet<string>> GetSuppressedAsync(IReadOnlyList<string> phones, CancellationToken cancellationToken)
    {
        var cached = await cache.TryGetSuppressedAsync(phones, cancellationToken);
        if (cached is { Complete: true })
        {
            return cached.Suppressed;
        }

        var stored = await GetSuppressedFromDatabaseAsync(phones, cancellationToken);
        return cached is null ? stored : stored.Union(cached.Suppressed, StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal);
    }

    public async Task<IReadOnlySet<string>> GetSuppressedFromDatabaseAsync(IReadOnlyList<string> phones, CancellationToken cancellationToken)
    {
        var list = phones.ToList();
        var rows = await db.Suppressions.AsNoTracking()
            .Where(s => s.Active && list.Contains(s.Phone))
            .Select(s => s.Phone)
            .ToListAsync(cancellationToken);
        return rows.ToHashSet(StringComparer.Ordinal);
    }

    public Task<SuppressedNumber?> FindAsync(string phone, CancellationToken cancellationToken) =>
        db.Suppressions.AsNoTracking().FirstOrDefaultAsync(s => s.Phone == phone, cancellationToken);
}
