using Microsoft.Extensions.Logging;

namespace Notifications.Core.Hosting;

/// <summary>
/// Keeps a background loop alive through an outage of PostgreSQL or Redis, and its log readable: the
/// first failure is logged (a warning for an outage, an error for anything else), the failures after it
/// only at debug level, and the first success after them once, with how many passes failed. Between
/// failed passes the loop waits <see cref="NextDelay"/>: 1 second, doubling up to 30 seconds.
/// One instance per loop; not thread-safe (a loop runs one pass at a time).
/// </summary>
public sealed partial class OutageTracker(ILogger logger, string loop)
{
    /// <summary>The wait after the first failed pass. The default value is 1 second.</summary>
    public static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between failed passes. The default value is 30 seconds.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);

    private int _failures;

    /// <summary>Whether the last pass failed.</summary>
    public bool Failing => _failures > 0;

    /// <summary>How long to wait before the next pass after the failures so far.</summary>
    public TimeSpan NextDelay => _failures == 0
        ? TimeSpan.Zero
        : TimeSpan.FromTicks(Math.Min(MaxDelay.Ticks, FirstDelay.Ticks << Math.Min(_failures - 1, 16)));

    /// <summary>Records a failed pass; logs it unless the loop is already failing.</summary>
    public void Failed(Exception exception)
    {
        _failures++;
        if (_failures > 1)
        {
            LogStillFailing(logger, loop, _failures, exception.GetType().Name);
        }
        else if (DependencyFailures.IsOutage(exception))
        {
            LogOutage(logger, loop, exception);
        }
        else
        {
            LogFailed(logger, loop, exception);
        }
    }

    /// <summary>Records a pass that succeeded; logs the recovery when passes had failed.</summary>
    public void Succeeded()
    {
        if (_failures > 0)
        {
            LogRecovered(logger, loop, _failures);
            _failures = 0;
        }
    }

    /// <summary>Records a failed pass and waits <see cref="NextDelay"/> (false when stopping meanwhile).</summary>
    public async Task<bool> FailedAndWaitAsync(Exception exception, TimeProvider time, CancellationToken stoppingToken)
    {
        Failed(exception);
        try
        {
            await Task.Delay(NextDelay, time, stoppingToken);
            return true;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return false;
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "{Loop}: a dependency is unavailable; retrying with back-off until it is back (further failures logged at debug level)")]
    private static partial void LogOutage(ILogger logger, string loop, Exception exception);

    [LoggerMessage(2, LogLevel.Error, "{Loop}: a pass failed; retrying with back-off (further failures logged at debug level)")]
    private static partial void LogFailed(ILogger logger, string loop, Exception exception);

    [LoggerMessage(3, LogLevel.Debug, "{Loop}: still failing ({Failures} passes, {Error})")]
    private static partial void LogStillFailing(ILogger logger, string loop, int failures, string error);

    [LoggerMessage(4, LogLevel.Information, "{Loop}: working again after {Failures} failed passes")]
    private static partial void LogRecovered(ILogger logger, string loop, int failures);
}
