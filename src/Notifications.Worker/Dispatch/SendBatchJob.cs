using Hangfire;
using Microsoft.Extensions.Options;
using Notifications.Core.Consent;
using Notifications.Core.Messages;
using Notifications.Core.Sms;

namespace Notifications.Worker.Dispatch;

/// <summary>
/// One Hangfire job per claimed batch: the send-window step (<see cref="SendWindowStep"/>), the consent gate for the whole batch at once, then the
/// regional sender and the hand-over to Twilio with bounded concurrency, the gate asked again for
/// each group right before its create calls. While it works it renews its claim
/// (<see cref="BatchClaim"/>), so the recovery never hands its messages to another job; a job that
/// finds its messages taken stops. Re-running it is safe.
/// </summary>
public sealed partial class SendBatchJob(
    DispatchStore store,
    SendWindowStep windows,
    ConsentGate gate,
    SenderSelector senders,
    SenderRateLimiter rateLimiter,
    MessageHandOver handOver,
    IOptions<DispatchOptions> options,
    TimeProvider time,
    ILogger<SendBatchJob> logger)
{
    [Queue("sms")]
    [AutomaticRetry(Attempts = 5, DelaysInSeconds = [5, 15, 30, 60, 120], OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [JobDisplayName("Send SMS batch {0}")]
    public async Task SendAsync(Guid batchId, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await using var claim = BatchClaim.Start(store, batchId, settings.ClaimTimeout / 3, time, logger);
        var messages = await store.LoadBatchAsync(batchId, cancellationToken);
        if (messages.Count == 0)
        {
            return;
        }

        // Hand-overs a previous run left without an answer are resolved first, never resent blindly.
        await Task.WhenAll(messages.Where(m => m.HandedOverAt is not null).Select(message => handOver.ResolveAsync(message, cancellationToken)));

        // Expired, outside the send window or over a frequency cap: settled first, back to the outbox or ended.
        var pending = await windows.ApplyAsync(messages.Where(m => m.HandedOverAt is null).ToList(), batchId, cancellationToken);
        var (allowed, blocked) = await CheckConsentAsync(pending, cancellationToken);
        var overrides = new List<Guid>();
        var sendable = new List<(BatchMessage Message, SelectedSender Sender)>();
        foreach (var (message, verdict) in allowed)
        {
            if (verdict == ConsentVerdict.AllowedByOverride)
            {
                overrides.Add(message.Id);
            }

            if (senders.Select(message.Program, message.Country) is { } sender)
            {
                sendable.Add((message, sender));
            }
            else
            {
                LogNoSender(logger, message.Id, message.Country);
                await handOver.FailAsync(message, null, null,
                    $"no registered sender configured for {message.Country}: not attempted by SMS", $"no_registered_sender:{message.Country}", cancellationToken);
            }
        }

        await store.BlockAsync(blocked, batchId, cancellationToken);
        await store.RecordOverridesAsync(overrides, cancellationToken);

        // Per sender, in groups no larger than its rate allows in a second: one rate-limit reservation,
        // one consent check (a STOP that arrived while the batch was being sent stops the rest of the
        // number's messages) and two statements per group.
        var stopped = blocked.Count;
        var handed = 0;
        foreach (var bySender in sendable.GroupBy(s => s.Sender.Name, StringComparer.Ordinal))
        {
            var sender = bySender.First().Sender;
            var groupSize = (int)Math.Clamp(Math.Ceiling(sender.Options.MessagesPerSecond), 1, settings.SendConcurrency);
            foreach (var group in bySender.Select(s => s.Message).Chunk(groupSize))
            {
                await rateLimiter.WaitAsync(sender.Name, sender.Options.MessagesPerSecond, group.Length, cancellationToken);
                if (claim.Lost)
                {
                    LogClaimLost(logger, batchId);
                    return;
                }

                var (stillAllowed, nowBlocked) = await CheckConsentAsync(group, cancellationToken);
                await store.BlockAsync(nowBlocked, batchId, cancellationToken);
                stopped += nowBlocked.Count;
                handed += stillAllowed.Count;
                await handOver.SendAsync(stillAllowed.ConvertAll(a => a.Message), batchId, sender, cancellationToken);
            }
        }

        LogBatchDone(logger, batchId, messages.Count, handed, stopped);
    }

    /// <summary>One gate lookup for <paramref name="messages"/>: those the consent allows (with the verdict), and those it stops.</summary>
    private async Task<(List<(BatchMessage Message, ConsentVerdict Verdict)> Allowed, List<(Guid, MessageTrigger, string)> Blocked)> CheckConsentAsync(
        IReadOnlyList<BatchMessage> messages, CancellationToken cancellationToken)
    {
        var allowed = new List<(BatchMessage, ConsentVerdict)>(messages.Count);
        var blocked = new List<(Guid, MessageTrigger, string)>();
        if (messages.Count == 0)
        {
            return (allowed, blocked);
        }

        // One lookup per program in the batch (nearly always one): consent belongs to a program.
        var consent = new Dictionary<string, IReadOnlyDictionary<string, NumberConsent>>(StringComparer.Ordinal);
        foreach (var program in messages.GroupBy(m => m.Program, StringComparer.Ordinal))
        {
            consent[program.Key] = await gate.LookupAsync(program.Select(m => m.To).ToList(), program.Key, cancellationToken);
        }

        foreach (var message in messages)
        {
            var verdict = consent[message.Program][message.To].Decide(message.Purpose, message.OverrideOptIn);
            switch (verdict)
            {
                case ConsentVerdict.Suppressed:
                    blocked.Add((message.Id, MessageTrigger.BlockSuppressed, "the number is on the suppression list (opted out)"));
                    break;
                case ConsentVerdict.NoConsent:
                    blocked.Add((message.Id, MessageTrigger.BlockNoConsent, $"no {message.Purpose} consent on record, or it was revoked"));
                    break;
                default:
                    allowed.Add((message, verdict));
                    break;
            }
        }

        return (allowed, blocked);
    }

    [LoggerMessage(1, LogLevel.Information, "Batch {BatchId}: {Total} messages, {Sent} handed to Twilio, {Blocked} stopped by the consent gate")]
    private static partial void LogBatchDone(ILogger logger, Guid batchId, int total, int sent, int blocked);

    [LoggerMessage(2, LogLevel.Warning, "Message {MessageId} not attempted by SMS: no registered sender for {Country}")]
    private static partial void LogNoSender(ILogger logger, Guid messageId, string country);

    [LoggerMessage(3, LogLevel.Warning, "Batch {BatchId} lost its claim (its messages were released to another job); this run stops")]
    private static partial void LogClaimLost(ILogger logger, Guid batchId);
}
