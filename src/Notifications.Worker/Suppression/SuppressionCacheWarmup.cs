using Notifications.Core.Suppression;
using StackExchange.Redis;

namespace Notifications.Worker.Suppression;

/// <summary>Fills the suppression cache when the worker starts; until then lookups use PostgreSQL.</summary>
internal sealed partial class SuppressionCacheWarmup(IServiceScopeFactory scopes, ILogger<SuppressionCacheWarmup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<SuppressionCacheRebuilder>().RebuildAsync(stoppingToken);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogWarmupFailed(logger, ex);
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "Suppression cache warm-up failed; lookups use PostgreSQL until the recurring rebuild succeeds")]
    private static partial void LogWarmupFailed(ILogger logger, Exception exception);
}
