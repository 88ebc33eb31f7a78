using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Notifications.Core.Data;

namespace Notifications.Core.Suppression;

/// <summary>
/// Reconciles the Redis suppression set with PostgreSQL (at worker start and on a recurring job).
/// It adds every active number and removes only numbers PostgreSQL has known as lifted for a while,
/// so a suppression written during the rebuild is never dropped.
/// </summary>
public sealed partial class SuppressionCacheRebuilder(
    NotificationsDbContext db,
    SuppressionCache cache,
    TimeProvider time,
    ILogger<SuppressionCacheRebuilder> logger)
{
    private static readonly TimeSpan SettledAfter = TimeSpan.FromMinutes(1);

    public async Task RebuildAsync(CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var active = await db.Suppressions.AsNoTracking().Where(s => s.Active).Select(s => s.Phone).ToListAsync(cancellationToken);
        await cache.AddManyAsync(active);

        var activeSet = active.ToHashSet(StringComparer.Ordinal);
        var extra = (await cache.GetAllAsync()).Where(p => !activeSet.Contains(p)).ToList();
        var settled = started - SettledAfter;
        var lifted = new List<string>();
        foreach (var chunk in extra.Chunk(5_000))
        {
            lifted.AddRange(await db.Suppressions.AsNoTracking()
                .Where(s => !s.Active && s.UpdatedAt < settled && chunk.Contains(s.Phone))
                .Select(s => s.Phone)
                .ToListAsync(cancellationToken));
        }

        await cache.RemoveManyAsync(lifted);
        await cache.MarkWarmAsync(started);
        LogRebuilt(logger, active.Count, lifted.Count);
    }

    [LoggerMessage(1, LogLevel.Information, "Suppression cache rebuilt: {Active} suppressed numbers, {Removed} lifted ones removed")]
    private static partial void LogRebuilt(ILogger logger, int active, int removed);
}
