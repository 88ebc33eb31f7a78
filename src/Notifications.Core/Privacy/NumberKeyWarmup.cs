using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Notifications.Core.Hosting;

namespace Notifications.Core.Privacy;

/// <summary>
/// Loads the number hash secret when the process starts (<see cref="NumberKeyStore"/>), retrying with back-off
/// while PostgreSQL is unavailable, so that it is in memory before an outage needs it.
/// </summary>
internal sealed class NumberKeyWarmup(NumberKeyStore keys, TimeProvider time, ILogger<NumberKeyWarmup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var outage = new OutageTracker(logger, nameof(NumberKeyWarmup));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await keys.GetAsync(stoppingToken);
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
