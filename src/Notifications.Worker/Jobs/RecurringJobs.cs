using Hangfire;
using Notifications.Worker.Dispatch;
using Notifications.Worker.Suppression;

namespace Notifications.Worker.Jobs;

/// <summary>Every recurring job, registered with a stable id from this one place.</summary>
internal sealed class RecurringJobs(IRecurringJobManager manager) : IHostedService
{
    public const string SuppressionCacheRebuild = "suppression-cache-rebuild";
    public const string Reconciliation = "reconcile-stuck-messages";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        manager.AddOrUpdate<SuppressionCacheJob>(SuppressionCacheRebuild, job => job.RebuildAsync(CancellationToken.None), "*/10 * * * *");
        manager.AddOrUpdate<ReconciliationJob>(Reconciliation, job => job.RunAsync(CancellationToken.None), "*/5 * * * *");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
