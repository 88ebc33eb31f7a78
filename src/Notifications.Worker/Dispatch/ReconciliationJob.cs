using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Notifications.Core.Data;
using Notifications.Core.Hosting;
using Notifications.Core.Messages;
using Notifications.Core.Sms;
using Notifications.Core.Twilio;

namespace Notifications.Worker.Dispatch;

/// <summary>
/// Settles messages stuck without a final status by asking Twilio: queued or sending for longer than
/// <see cref="ReconciliationOptions.QueuedAfter"/>, sent for longer than <see cref="ReconciliationOptions.SentAfter"/>.
/// What Twilio reports goes through the same rules as a status callback. A message Twilio still
/// reports as <c>sent</c> after <see cref="ReconciliationOptions.NoReceiptAfter"/> never got a
/// receipt: it stays <c>sent</c>, gets a final time and a <c>no_receipt</c> timeline entry.
/// Every message looked up is not looked up again before <see cref="ReconciliationOptions.RecheckAfter"/>
/// (<c>reconcile_after</c>), and a run takes the messages waiting longest for a look first, so messages
/// Twilio cannot settle never hold the others back.
/// </summary>
public sealed partial class ReconciliationJob(
    NotificationsDbContext db,
    ISmsSender sms,
    StatusCallbackProcessor callbacks,
    IOptions<ReconciliationOptions> options,
    TimeProvider time,
    ILogger<ReconciliationJob> logger)
{
    [AutomaticRetry(Attempts = 0)]
    [JobDisplayName("Reconcile stuck messages")]
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var queuedBefore = now - settings.QueuedAfter;
        var sentBefore = now - settings.SentAfter;
        var stuck = await db.Messages.AsNoTracking()
            .Where(m => m.ProviderSid != null && m.FinalAt == null
                && (((m.Status == MessageStatus.Queued || m.Status == MessageStatus.Sending) && m.UpdatedAt < queuedBefore)
                    || (m.Status == MessageStatus.Sent && m.UpdatedAt < sentBefore))
                && (m.ReconcileAfter == null || m.ReconcileAfter <= now))
            .OrderBy(m => m.ReconcileAfter ?? m.UpdatedAt)
            .Select(m => new { m.Id, m.ProviderSid, m.CreatedAt })
            .Take(settings.BatchSize)
            .ToListAsync(cancellationToken);

        var settled = await LookUpAsync(stuck.ConvertAll(m => new Stuck(m.Id, m.ProviderSid!, m.CreatedAt)), now, cancellationToken);
        LogReconciled(logger, stuck.Count, settled);
    }

    /// <summary>
    /// Settles the messages that may have missed a status callback in a <see cref="CallbackGap"/> (no api
    /// alive, or the api unable to store callbacks): every message with a SID and no final status, last updated
    /// before the newest open gap ended (plus <see cref="CallbackGap.Margin"/>) and not looked up since, is looked
    /// up at once, whatever <see cref="ReconciliationOptions.QueuedAfter"/> says. With no open gap (the normal case)
    /// a run is one query on the partial index <c>ix_callback_gaps_open</c> and asks Twilio nothing. A run takes at
    /// most <see cref="ReconciliationOptions.BatchSize"/> messages, those waiting longest first; the gaps are settled
    /// once a run finds fewer.
    /// </summary>
    [AutomaticRetry(Attempts = 0)]
    [JobDisplayName("Reconcile callback gaps")]
    public async Task RunGapsAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var gaps = await db.CallbackGaps.AsNoTracking()
            .Where(g => g.SettledAt == null && g.EndedAt <= now)
            .Select(g => new { g.Id, g.EndedAt })
            .ToListAsync(cancellationToken);
        if (gaps.Count == 0)
        {
            return;
        }

        // "Not looked up since the gap ended": a look-up at t set reconcile_after to t + RecheckAfter.
        var updatedBefore = gaps.Max(g => g.EndedAt) + CallbackGap.Margin;
        var lookedUpBefore = updatedBefore + settings.RecheckAfter;
        var candidates = await db.Messages.AsNoTracking()
            .Where(m => m.ProviderSid != null && m.FinalAt == null && m.UpdatedAt <= updatedBefore
                && (m.ReconcileAfter == null || m.ReconcileAfter <= now || m.ReconcileAfter < lookedUpBefore))
            .OrderBy(m => m.ReconcileAfter ?? m.UpdatedAt)
            .Select(m => new Stuck(m.Id, m.ProviderSid!, m.CreatedAt))
            .Take(settings.BatchSize)
            .ToListAsync(cancellationToken);

        var settled = await LookUpAsync(candidates, now, cancellationToken);
        if (candidates.Count < settings.BatchSize)
        {
            var ids = gaps.ConvertAll(g => g.Id);
            await db.CallbackGaps.Where(g => ids.Contains(g.Id)).ExecuteUpdateAsync(u => u.SetProperty(g => g.SettledAt, now), cancellationToken);
        }

        LogGapsReconciled(logger, gaps.Count, candidates.Count, settled);
    }

    /// <summary>
    /// Asks Twilio about each message, one at a time, and applies what it reports through the status-callback
    /// rules. Each is marked looked up first (<c>reconcile_after</c>), whatever comes of it, in one statement, so
    /// the next run starts with the others.
    /// </summary>
    private async Task<int> LookUpAsync(List<Stuck> stuck, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var ids = stuck.ConvertAll(m => m.Id);
        var recheckAt = now + settings.RecheckAfter;
        if (ids.Count > 0)
        {
            await db.Messages.Where(m => ids.Contains(m.Id)).ExecuteUpdateAsync(u => u.SetProperty(m => m.ReconcileAfter, recheckAt), cancellationToken);
        }

        var settled = 0;
        foreach (var message in stuck)
        {
            var reported = await sms.FetchStatusAsync(message.ProviderSid, cancellationToken);
            if (reported is not { } status)
            {
                continue;
            }

            if (status.Status == "sent" && message.CreatedAt < now - settings.NoReceiptAfter)
            {
                await MarkNoReceiptAsync(message.Id, now, cancellationToken);
                settled++;
                continue;
            }

            var token = $"reconcile:{message.ProviderSid}:{status.Status}";
            await callbacks.ApplyAsync([TwilioStatuses.Report(message.Id, message.ProviderSid, status.Status, status.ErrorCode, token)], cancellationToken);
            settled++;
        }

        return settled;
    }

    private async Task MarkNoReceiptAsync(Guid id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var message = await db.Messages.FirstAsync(m => m.Id == id, cancellationToken);
        if (MessageTransitions.Next(message.Status, MessageTrigger.NoReceipt) is not { Allowed: true } next)
        {
            return; // a callback moved it meanwhile
        }

        message.Status = next.To!;
        message.FinalAt = now;
        message.UpdatedAt = now;
        db.MessageEvents.Add(new MessageEvent { MessageId = id, At = now, Type = MessageEventType.NoReceipt, Status = message.Status, Detail = "Twilio reports sent; the carrier never returned a delivery receipt" });
        await db.SaveChangesAsync(cancellationToken);
    }

    [LoggerMessage(1, LogLevel.Information, "Reconciliation looked at {Stuck} stuck messages and settled {Settled}")]
    private static partial void LogReconciled(ILogger logger, int stuck, int settled);

    [LoggerMessage(2, LogLevel.Information, "Gap reconciliation: {Gaps} open callback gaps, looked up {Candidates} messages, settled {Settled}")]
    private static partial void LogGapsReconciled(ILogger logger, int gaps, int candidates, int settled);

    private sealed record Stuck(Guid Id, string ProviderSid, DateTimeOffset CreatedAt);
}
