using Hangfire;
using Microsoft.Extensions.Options;
using Notifications.Core.Consent;
using Notifications.Core.Messages;
using Notifications.Core.Sms;

namespace Notifications.Worker.Dispatch;

/// <summary>
/// One Hangfire job per claimed batch: the send-window step (<see cref="SendWindowStep"/>), the consent gate for the whole
/// batch at once, then the regional sender and the hand-over to Twilio with bounded concurrency, the suppression list looked
/// at again for each group right before its create calls (Redis's set, and PostgreSQL's inside the hand-over statement).
/// While it works it renews its claim
/// (<see cref="BatchClaim"/>), so the recovery never hands its messages to another job; a job that
/// finds its messages taken stops. Re-running it is safe.
/// </summary>
public sealed partial class SendBatchJob(
    DispatchStore store,
    SendWindowStep windows,
    ConsentGate gate,
    SenderSelector senders,
    CountryAllowList countries,
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

            // Refused destinations are never attempted by SMS: the message fails with the reason, and its fallback email goes if it has one.
            var sender = senders.Select(message.Program, message.Country);
            (string Detail, string Reason)? refusal = sender is null
                ? ($"no registered sender configured for {message.Country}: not attempted by SMS", $"no_registered_sender:{message.Country}")
                : countries.Allows(message.Country)
                    ? null
                    : ($"{CountryAllowList.NotAllowedReason}: {message.Country} is not in Sms:AllowedCountries: not attempted by SMS", CountryAllowList.NotAllowedReason);
            if (refusal is { } refused)
            {
                LogRefused(logger, message.Id, message.Country, refused.Reason);
                await handOver.FailAsync(message, null, null, refused.Detail, refused.Reason, cancellationToken);
            }
            else
            {
                sendable.Add((message, sender!));
            }
        }

        await store.BlockAsync(blocked, batchId, cancellationToken);
        await store.RecordOverridesAsync(overrides, cancellationToken);

        // Per sender, in groups of no more segments than its rate allows in a second (a message longer than that
        // goes alone): one rate-limit reservation of the group's segments (Twilio's rates count segments), one look
        // at the Redis suppression set and two statements per group. The first statement, which marks the group as
        // handed over, leaves out the numbers PostgreSQL has suppressed by then: a STOP answered while the batch
        // is being sent stops the rest of the number's messages, at no extra round trip to PostgreSQL.
        var stopped = blocked.Count;
        var handed = 0;
        foreach (var bySender in sendable.GroupBy(s => s.Sender.Name, StringComparer.Ordinal))
        {
            var sender = bySender.First().Sender;
            var groupSize = (int)Math.Clamp(Math.Ceiling(sender.Options.MessagesPerSecond), 1, settings.SendConcurrency);
            foreach (var group in BySegments(bySender.Select(s => s.Message), groupSize))
            {
                await rateLimiter.WaitAsync(sender.Name, sender.Options.MessagesPerSecond, group.Sum(m => m.Segments), cancellationToken);
                if (claim.Lost)
                {
                    LogClaimLost(logger, batchId);
                    return;
                }

                var nowBlocked = new List<(Guid, MessageTrigger, string)>();
                foreach (var program in group.GroupBy(m => m.Program, StringComparer.Ordinal))
                {
                    var cached = await gate.CachedSuppressionsAsync(program.Select(m => m.To).ToList(), program.Key, cancellationToken);
                    nowBlocked.AddRange(program.Where(m => cached.Contains(m.To)).Select(m => (m.Id, MessageTrigger.BlockSuppressed, MessageHandOver.SuppressedReason)));
                }

                await store.BlockAsync(nowBlocked, batchId, cancellationToken);
                var blockedIds = nowBlocked.Select(b => b.Item1).ToHashSet();
                var heldBack = await handOver.SendAsync(group.Where(m => !blockedIds.Contains(m.Id)).ToList(), batchId, sender, cancellationToken);
                stopped += nowBlocked.Count + heldBack;
                handed += group.Length - nowBlocked.Count - heldBack;
            }
        }

        LogBatchDone(logger, batchId, messages.Count, handed, stopped);
    }

    /// <summary>Consecutive groups of at most <paramref name="maxSegments"/> segments; a longer message is a group of its own.</summary>
    private static IEnumerable<BatchMessage[]> BySegments(IEnumerable<BatchMessage> messages, int maxSegments)
    {
        var group = new List<BatchMessage>();
        var segments = 0;
        foreach (var message in messages)
        {
            if (group.Count > 0 && segments + message.Segments > maxSegments)
            {
                yield return [.. group];
                group.Clear();
                segments = 0;
            }

            group.Add(message);
            segments += message.Segments;
        }

        if (group.Count > 0)
        {
            yield return [.. group];
        }
    }

    /// <summary>One gate lookup for <paramref name="messages"/>: those the consent allows (with the verdict), and those it stops.</summary>
    private async Task<(List<(BatchMessage Message, ConsentVerdict Verdict)> Allowed, List<(Guid, MessageTrigger, string)> Blocked)> CheckConsentAsync(
        List<BatchMessage> messages, CancellationToken cancellationToken)
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
            var verdict = consent[message.Program][message.To].Decide(message.Id, message.Purpose, message.OverrideOptIn);
            switch (verdict)
            {
                case ConsentVerdict.Suppressed:
                    blocked.Add((message.Id, MessageTrigger.BlockSuppressed, MessageHandOver.SuppressedReason));
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

    [LoggerMessage(2, LogLevel.Warning, "Message {MessageId} not attempted by SMS: {Country} refused ({Reason})")]
    private static partial void LogRefused(ILogger logger, Guid messageId, string country, string reason);

    [LoggerMessage(3, LogLevel.Warning, "Batch {BatchId} lost its claim (its messages were released to another job); this run stops")]
    private static partial void LogClaimLost(ILogger logger, Guid batchId);
}
