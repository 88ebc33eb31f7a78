using Microsoft.EntityFrameworkCore;
using Notifications.Core.Data;

namespace Notifications.Core.Suppression;

/// <summary>
/// The suppression list, one row per program and number (<see cref="SuppressedNumber.EveryProgram"/> for carrier facts):
/// PostgreSQL is the truth, Redis a write-through cache of keyed hashes. Adds reach Redis before the database commit (a
/// failed commit over-suppresses, never under-suppresses); removals after it. A number in the Redis set counts as
/// suppressed even when PostgreSQL does not know it yet: an opt-out received while PostgreSQL was down is there until
/// it is replayed.
/// </summary>
public sealed class SuppressionList(NotificationsDbContext db, SuppressionCache cache, TimeProvider time)
{
    /// <summary>
    /// Marks <paramref name="phone"/> suppressed for <paramref name="program"/> (or <see cref="SuppressedNumber.EveryProgram"/>)
    /// in the current transaction (call before committing).
    /// </summary>
    public async Task SuppressAsync(
        string program, string phone, string reason, string? detail, string? sourceMessageSid, CancellationToken cancellationToken)
    {
        await cache.AddAsync(program, phone, cancellationToken);
        var now = time.GetUtcNow();
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO suppressions (program, phone, active, reason, detail, source_message_sid, suppressed_at, lifted_at, updated_at)
            VALUES ({program}, {phone}, TRUE, {reason}, {detail}, {sourceMessageSid}, {now}, NULL, {now})
            ON CONFLICT (phone, program) DO UPDATE SET
                active = TRUE, reason = EXCLUDED.reason, detail = EXCLUDED.detail,
                source_message_sid = EXCLUDED.source_message_sid, suppressed_at = EXCLUDED.suppressed_at,
                lifted_at = NULL, updated_at = EXCLUDED.updated_at
            """, cancellationToken);
    }

    /// <summary>
    /// Lifts the number's active suppressions among <paramref name="programs"/> whose reason is one of
    /// <paramref name="reasons"/>, in the current transaction; returns the programs lifted. Call
    /// <see cref="AfterLiftCommittedAsync"/> with them after committing. A suppression for every program is never lifted here.
    /// </summary>
    public async Task<IReadOnlyList<string>> LiftAsync(
        string phone, IReadOnlyCollection<string> programs, IReadOnlyCollection<string> reasons, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var names = programs.Where(p => p != SuppressedNumber.EveryProgram).ToArray();
        var reasonList = reasons.ToArray();
        return await db.Database.SqlQuery<string>($"""
            UPDATE suppressions SET active = FALSE, lifted_at = {now}, updated_at = {now}
            WHERE phone = {phone} AND program = ANY({names}) AND active AND reason = ANY({reasonList})
            RETURNING program AS "Value"
            """).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Removes the number's lifted suppressions from the cache, unless an opt-out of it received during an outage is still pending.
    /// </summary>
    public Task AfterLiftCommittedAsync(string phone, IReadOnlyCollection<string> programs, CancellationToken cancellationToken) =>
        cache.RemoveAsync(programs, phone, cancellationToken);

    /// <summary>
    /// The suppression that applies to the number's sends in <paramref name="program"/>: an active one (the program's own
    /// before one for every program), else the program's lifted one, else null.
    /// </summary>
    public Task<SuppressedNumber?> FindAsync(string phone, string program, CancellationToken cancellationToken) =>
        db.Suppressions.AsNoTracking()
            .Where(s => s.Phone == phone && (s.Program == program || (s.Program == SuppressedNumber.EveryProgram && s.Active)))
            .OrderByDescending(s => s.Active)
            .ThenBy(s => s.Program == SuppressedNumber.EveryProgram)
            .FirstOrDefaultAsync(cancellationToken);
}
