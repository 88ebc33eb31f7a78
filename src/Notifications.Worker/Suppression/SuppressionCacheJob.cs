using Hangfire;
using Notifications.Core.Suppression;

namespace Notifications.Worker.Suppression;

/// <summary>The recurring rebuild of the Redis suppression cache from PostgreSQL.</summary>
public sealed class SuppressionCacheJob(SuppressionCacheRebuilder rebuilder)
{
    [AutomaticRetry(Attempts = 2, OnAttemptsExceeded = AttemptsExceededAction.Delete)]
    [JobDisplayName("Rebuild suppression cache")]
    public Task RebuildAsync(CancellationToken cancellationToken) => rebuilder.RebuildAsync(cancellationToken);
}
