using System.Threading.Channels;
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

    // One slot: raising an already raised signal is a no-op.
    private readonly Channel<bool> _raised = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropWrite,
        SingleReader = true,
    });

    /// <summary>Call after committing new outbox rows.</summary>
    public void Raise() => _raised.Writer.TryWrite(true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _raised.Reader.ReadAsync(stoppingToken);
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
