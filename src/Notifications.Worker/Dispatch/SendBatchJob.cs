using Hangfire;
using Microsoft.Extensions.Options;
using Notifications.Core.Consent;
using Notifications.Core.Messages;
using Notifications.Core.Sms;

namespace Notifications.Worker.Dispatch;

/// <summary>
/// One Hangfire job per claimed batch: the consent gate for the whole batch at once, then the
/// regional sender and the hand-over to Twilio with bounded concurrency. Re-running it is safe.
/// </summary>
public sealed partial class SendBatchJob(
    DispatchStore store,
    ConsentGate gate,
    SenderSelector senders,
    MessageHandOver handOver,
    IOptions<DispatchOptions> options,
    ILogger<SendBatchJob> logger)
{
    [Queue("sms")]
    [AutomaticRetry(Attempts = 5, DelaysInSeconds = [5, 15, 30, 60, 120], OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [JobDisplayName("Send SMS batch {0}")]
    public async Task SendAsync(Guid batchId, CancellationToken cancellationToken)
    {
        var messages = await store.LoadBatchAsync(batchId, cancellationToken);
        if (messages.Count == 0)
        {
            return;
        }

        // Hand-overs a previous run left without an answer are resolved first, never resent blindly.
        await Task.WhenAll(messages.Where(m => m.HandedOverAt is not null).Select(message => handOver.ResolveAsync(message, cancellationToken)));

        var pending = messages.Where(m => m.HandedOverAt is null).ToList();
        var consent = await gate.LookupAsync(pending.Select(m => m.To).ToList(), cancellationToken);
        var blocked = new List<(Guid, MessageTrigger, string)>();
        var overrides = new List<Guid>();
        var sendable = new List<(BatchMessage Message, SelectedSender Sender)>();
        foreach (var message in pending)
        {
            switch (consent[message.To].Decide(message.Purpose, message.OverrideOptIn))
            {
                case ConsentVerdict.Suppressed:
                    blocked.Add((message.Id, MessageTrigger.BlockSuppressed, "the number is on the suppression list (opted out)"));
                    continue;
                case ConsentVerdict.NoConsent:
                    blocked.Add((message.Id, MessageTrigger.BlockNoConsent, $"no {message.Purpose} consent on record, or it was revoked"));
                    continue;
                case ConsentVerdict.AllowedByOverride:
                    overrides.Add(message.Id);
                    break;
            }

            if (senders.Select(message.Country) is { } sender)
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

        await store.BlockAsync(blocked, cancellationToken);
        await store.RecordOverridesAsync(overrides, cancellationToken);

        // Per sender, in groups no larger than its rate allows in a second (one rate-limit reservation and two statements per group).
        var settings = options.Value;
        foreach (var bySender in sendable.GroupBy(s => s.Sender.Name, StringComparer.Ordinal))
        {
            var sender = bySender.First().Sender;
            var groupSize = (int)Math.Clamp(Math.Ceiling(sender.Options.MessagesPerSecond), 1, settings.SendConcurrency);
            foreach (var group in bySender.Select(s => s.Message).Chunk(groupSize))
            {
                await handOver.SendAsync(group, batchId, sender, cancellationToken);
            }
        }

        LogBatchDone(logger, batchId, messages.Count, sendable.Count, blocked.Count);
    }

    [LoggerMessage(1, LogLevel.Information, "Batch {BatchId}: {Total} messages, {Sent} handed to Twilio, {Blocked} stopped by the consent gate")]
    private static partial void LogBatchDone(ILogger logger, Guid batchId, int total, int sent, int blocked);

    [LoggerMessage(2, LogLevel.Warning, "Message {MessageId} not attempted by SMS: no registered sender for {Country}")]
    private static partial void LogNoSender(ILogger logger, Guid messageId, string country);
}
