using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Notifications.Core.Data;
using Notifications.Core.Privacy;

namespace Notifications.Core.Suppression;

/// <summary>
/// Reconciles the Redis suppression set with PostgreSQL (at worker start and on a recurring job).
/// It adds the member of every active suppression (per program and number, <see cref="SuppressionCache.MemberOf"/>) and
/// removes only members it can tell are stale: members of suppressions PostgreSQL has known as lifted for a while, and members not made with the current secret (raw numbers an
/// older version wrote, hashes under a replaced secret). A member PostgreSQL does not know is kept (an opt-out
/// being written, or one received during an outage and still pending), and the removal itself skips every
/// hash a pending inbound opt-out needs, so neither a suppression written during the rebuild nor one waiting
/// to be replayed is ever dropped.
/// </summary>
public sealed partial class SuppressionCacheRebuilder(
    NotificationsDbContext db,
    SuppressionCache cache,
    NumberKeyStore keys,
    TimeProvider time,
    ILogger<SuppressionCacheRebuilder> logger)
{
    private static readonly TimeSpan SettledAfter = TimeSpan.FromMinutes(1);

    public async Task RebuildAsync(CancellationToken cancellationToken)
    {
        var protector = await keys.GetAsync(cancellationToken);
        var started = time.GetUtcNow();
        var settled = started - SettledAfter;
        var rows = await db.Suppressions.AsNoTracking()
            .Where(s => s.Active || s.UpdatedAt < settled)
            .Select(s => new { s.Program, s.Phone, s.Active })
            .ToListAsync(cancellationToken);
        var active = rows.Where(r => r.Active).Select(r => SuppressionCache.MemberOf(protector, r.Program, r.Phone)).ToHashSet(StringComparer.Ordinal);
        await cache.AddManyAsync(active);

        var lifted = rows.Where(r => !r.Active).Select(r => SuppressionCache.MemberOf(protector, r.Program, r.Phone)).ToHashSet(StringComparer.Ordinal);
        var stale = (await cache.GetAllAsync())
            .Where(member => !active.Contains(member) && (lifted.Contains(member) || !protector.IsOwn(member)))
            .ToList();
        var removed = await cache.RemoveManyAsync(stale);
        await cache.MarkWarmAsync(started);
        LogRebuilt(logger, active.Count, removed);
    }

    [LoggerMessage(1, LogLevel.Information, "Suppression cache rebuilt: {Active} active suppressions, {Removed} stale members removed")]
    private static partial void LogRebuilt(ILogger logger, int active, int removed);
}
