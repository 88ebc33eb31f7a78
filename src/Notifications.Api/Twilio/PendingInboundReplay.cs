using Notifications.Core.Hosting;
using Notifications.Core.Inbound;

namespace Notifications.Api.Twilio;

/// <summary>
/// Replays the inbound messages held in Redis while PostgreSQL was down (<see cref="HeldInboundMessages"/>)
/// through <see cref="InboundMessageProcessor"/>, oldest first, and removes each entry only after its message
/// is committed. A replay of a message already recorded (a Twilio duplicate after the restart, or another api
/// replica replaying the same entry) records nothing again: the processor is idempotent by MessageSid.
/// While the database is still down a pass stops at the first entry and the next is tried after
/// <see cref="RetryDelay"/>, so a held opt-out is written within about that long after the database is back.
/// </summary>
internal sealed partial class PendingInboundReplay(
    HeldInboundMessages queue, IServiceScopeFactory scopes, TimeProvider time, ILogger<PendingInboundReplay> logger) : BackgroundService
{
    /// <summary>How often the stream is looked at. The value is 1 second (one Redis round trip when empty).</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The wait after a pass that failed on an outage: fixed rather than growing, since a held opt-out should reach
    /// PostgreSQL soon after it is back and a pass costs one connection attempt. The value is 1 second.
    /// </summary>
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private const int PageSize = 100;

    private readonly HashSet<string> _reportedUnreadable = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var outage = new OutageTracker(logger, nameof(PendingInboundReplay));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ReplayAllAsync(stoppingToken);
                outage.Succeeded();
                await Task.Delay(PollInterval, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                outage.Failed(ex);
                try
                {
                    await Task.Delay(RetryDelay, time, stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
            }
        }
    }

    private async Task ReplayAllAsync(CancellationToken stoppingToken)
    {
        string? after = null;
        while (true)
        {
            var page = await queue.ReadAsync(after, PageSize, stoppingToken);
            foreach (var entry in page)
            {
                after = entry.Id;
                if (entry.Sms is null)
                {
                    // Sealed under another secret or altered: left in place for an operator, never dropped.
                    if (_reportedUnreadable.Add(entry.Id))
                    {
                        LogUnreadable(logger, entry.Id);
                    }

                    continue;
                }

                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<InboundMessageProcessor>().ProcessAsync(entry.Sms, stoppingToken);
                }
                catch (Exception ex) when (!DependencyFailures.IsOutage(ex) && ex is not OperationCanceledException)
                {
                    // A defect with this one message: the others still go; this one is tried again next pass.
                    LogReplayFailed(logger, entry.Sms.MessageSid, entry.Id, ex);
                    continue;
                }

                await queue.RemoveAsync(entry.Id);
                LogReplayed(logger, entry.Sms.MessageSid, entry.Id);
            }

            if (page.Count < PageSize)
            {
                return;
            }
        }
    }

    [LoggerMessage(1, LogLevel.Information, "Held inbound message {MessageSid} ({EntryId}) recorded in PostgreSQL")]
    private static partial void LogReplayed(ILogger logger, string messageSid, string entryId);

    [LoggerMessage(2, LogLevel.Error, "Held inbound message {MessageSid} ({EntryId}) could not be recorded; tried again on the next pass")]
    private static partial void LogReplayFailed(ILogger logger, string messageSid, string entryId, Exception exception);

    [LoggerMessage(3, LogLevel.Error, "Held inbound entry {EntryId} cannot be opened with the current number hash secret; left in Redis")]
    private static partial void LogUnreadable(ILogger logger, string entryId);
}
