using Hangfire;
using Notifications.Worker.Suppression;

namespace Notifications.Worker.Jobs;

/// <summary>Every recurring job, registered with a stable id from this one place.</summary>
internal sealed class RecurringJobs(IRecurringJobManager manager) : IHostedService
{
    public const string SuppressionCacheRebuild = "suppression-cache-rebuild";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        manager.AddOrUpdate<SuppressionCacheJob>(SuppressionCacheRebuild, job => job.RebuildAsync(CancellationToken.None), "*/10 * * * *");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
