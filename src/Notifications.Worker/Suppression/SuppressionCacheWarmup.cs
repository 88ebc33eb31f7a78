using Notifications.Core.Hosting;
using Notifications.Core.Suppression;

namespace Notifications.Worker.Suppression;

/// <summary>
/// Fills the suppression cache when the worker starts; until then lookups use PostgreSQL. While
/// PostgreSQL or Redis is unavailable it tries again with back-off (logging once), until the cache is
/// filled or the worker stops; the recurring rebuild keeps it filled afterwards.
/// </summary>
internal sealed class SuppressionCacheWarmup(IServiceScopeFactory scopes, TimeProvider time, ILogger<SuppressionCacheWarmup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var outage = new OutageTracker(logger, nameof(SuppressionCacheWarmup));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<SuppressionCacheRebuilder>().RebuildAsync(stoppingToken);
                outage.Succeeded();
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                if (!await outage.FailedAndWaitAsync(ex, time, stoppingToken))
                {
                    return;
                }
            }
        }
    }
}
