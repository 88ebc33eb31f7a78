using Notifications.Core.Messages;
using Npgsql;

namespace Notifications.Api.Messages;

/// <summary>
/// Tells the worker that new messages are in the outbox, coalescing: however many accepts commit
/// within <see cref="Interval"/>, one <c>NOTIFY</c> follows them. Every NOTIFY wakes the listening
/// sessions in PostgreSQL, so one per accept would cost far more than the accepts themselves under
/// load. The notification is sent after the commits it announces; if it is lost, the dispatcher's
/// polling still finds the messages.
/// </summary>
public sealed partial class OutboxSignal(NpgsqlDataSource dataSource, TimeProvider time, ILogger<OutboxSignal> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);

    private readonly SemaphoreSlim _raised = new(0, 1);

    /// <summary>Call after committing new outbox rows.</summary>
    public void Raise()
    {
        if (_raised.CurrentCount == 0)
        {
            try
            {
                _raised.Release();
            }
            catch (SemaphoreFullException)
            {
                // raised concurrently: one notification covers both
            }
        }
    }

    public override void Dispose()
    {
        _raised.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _raised.WaitAsync(stoppingToken);
                await using (var notify = dataSource.CreateCommand($"SELECT pg_notify('{OutboxChannels.Messages}', '')"))
                {
                    await notify.ExecuteNonQueryAsync(stoppingToken);
                }

                await Task.Delay(Interval, time, stoppingToken);
            }
            catch (NpgsqlException ex)
            {
                LogNotifyFailed(logger, ex.GetType().Name);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "Could not notify the worker of new messages ({Error}); its polling picks them up")]
    private static partial void LogNotifyFailed(ILogger logger, string error);
}
