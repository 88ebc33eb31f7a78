using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace Notifications.ServiceDefaults;

/// <summary>
/// Runs every health check once before the server starts listening. The first run is the slow one (EF
/// Core builds its model, the first connections open): answered from <c>/health</c>, it outlasted the
/// AppHost's probe on a busy machine, the probe gave up, and the cancelled check was logged as an error
/// ("Health check NotificationsDbContext with status Unhealthy ... 'The operation was canceled.'") on
/// an otherwise healthy start. Until this has run, the port is closed, which the probe reads as "not
/// yet". A check that really fails still logs its error here.
/// </summary>
internal sealed class HealthCheckWarmUp(HealthCheckService healthChecks) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => healthChecks.CheckHealthAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
