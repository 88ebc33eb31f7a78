using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Options;
using Notifications.Core.Consent;
using Notifications.Core.Data;
using Notifications.Core.Messages;
using Notifications.Core.Sms;
using Notifications.Core.Suppression;
using Notifications.Core.Telemetry;
using Notifications.Core.Twilio;

namespace Notifications.Worker.Dispatch;

/// <summary>
/// Hands one message to Twilio and records what came of it: the SID, a retry, the fallback, a
/// suppression. Never sends a message twice: the hand-over is marked before the call, and a
/// message with an unknown outcome is looked up at Twilio before any resend.
/// </summary>
public sealed partial class MessageHandOver(
    DispatchStore store,
    ISmsSender sms,
    SenderRateLimiter rateLimiter,
    IServiceScopeFactory scopes,
    IOptions<DispatchOptions> options,
    IOptions<TwilioOptions> twilio,
    NotificationsMetrics metrics,
    TimeProvider time,
    ILogger<MessageHandOver> logger) : IDisposable
{
    /// <summary>Twilio's clock against ours, allowed for when matching creation times.</summary>
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(1);

    /// <summary>The timeline's reason for a message stopped by the suppression list.</summary>
    public const string SuppressedReason = "the number is on the suppression list (opted out)";

    private readonly SemaphoreSlim _callSlots = new(options.Value.SendConcurrency);

    public void Dispose() => _callSlots.Dispose();

    /// <summary>
    /// Hands a group of messages for one sender to Twilio (the caller has reserved the sender's rate): one statement
    /// marking them all as handed over (before any call) except those whose number is suppressed by then, which are
    /// blocked instead, the create calls with bounded concurrency,
    /// and one round trip recording the SIDs. Refusals are settled per message; calls without an answer
    /// are looked up at Twilio once the SIDs Twilio did give are recorded (so that no lookup mistakes a
    /// message of the same group for its own).
    /// </summary>
    /// <returns>How many of <paramref name="messages"/> were held back as suppressed.</returns>
    public async Task<int> SendAsync(IReadOnlyList<BatchMessage> messages, Guid batchId, SelectedSender sender, CancellationToken cancellationToken)
    {
        if (messages.Count == 0)
        {
            return 0;
        }

        var startedAt = time.GetUtcNow();
        // Those opted out after the batch's consent check, before these create calls, are blocked there: never sent.
        var (attempts, suppressed) = await store.BeginHandOversAsync(messages.Select(m => m.Id).ToList(), batchId, sender.Name, sender.Kind, startedAt, cancellationToken);

        var handedOver = new ConcurrentBag<(Guid Id, int Attempt, string Sid, string Country)>();
        var unanswered = new ConcurrentBag<BatchMessage>();
        var throttled = 0;
        try
        {
            await Task.WhenAll(messages.Where(m => attempts.ContainsKey(m.Id)).Select(async message =>
            {
                // The concurrency limit holds for the whole process, however many batch jobs run at once.
                await _callSlots.WaitAsync(cancellationToken);
                try
                {
                    var attempt = attempts[message.Id];
                    switch (await SendOneAsync(message, attempt, batchId, sender, cancellationToken))
                    {
                        case { Sid: { } sid }:
                            handedOver.Add((message.Id, attempt, sid, message.Country));
                            break;
                        case { Unanswered: true }:
                            unanswered.Add(message with { Attempts = attempt, HandedOverAt = startedAt, Sender = sender.Name });
                            break;
                        case { Throttled: true }:
                            Interlocked.Increment(ref throttled);
                            break;
                    }
                }
                finally
                {
                    _callSlots.Release();
                }
            }));
        }
        finally
        {
            // What Twilio took is recorded even when another call of the group failed or the job is stopping
            // (what is not recorded is settled later by a lookup, never resent blindly).
            var taken = handedOver.ToList();
            await store.CompleteHandOversAsync(
                taken.ConvertAll(t => (t.Id, t.Attempt, t.Sid)), MessageEventType.HandedOver, startedAt, CancellationToken.None);
            foreach (var message in taken)
            {
                metrics.HandedOver(message.Country, sender.Kind);
            }
        }

        // Twilio's 429s lower the sender's rate for every worker; creates that went through raise it again.
        await rateLimiter.ReportAsync(sender.Name, sender.Options.MessagesPerSecond, throttled, handedOver.Count, cancellationToken);

        await Task.WhenAll(unanswered.Select(message => ResolveAsync(message, cancellationToken)));
        return suppressed.Count;
    }

    /// <summary>One create call: the SID when Twilio took the message (recorded by the caller), unanswered, or a refusal settled here.</summary>
    private async Task<SendOutcome> SendOneAsync(BatchMessage message, int attempt, Guid batchId, SelectedSender sender, CancellationToken cancellationToken)
    {
        using var activity = NotificationsActivity.StartForMessage("sms.send", System.Diagnostics.ActivityKind.Internal, message.Id, message.TraceParent);
        activity?.SetTag("notifications.batch_id", batchId.ToString());
        activity?.SetTag("notifications.country", message.Country);
        activity?.SetTag("notifications.sender_kind", sender.Kind);
        var result = await sms.SendAsync(new SmsRequest(
            message.To, sender.Options.From, sender.Options.MessagingServiceSid, message.Body, StatusCallbackFor(message.Id))
        {
            ValidityPeriodSeconds = SmsRequest.ValidityPeriodFor(message.ValidUntil, time.GetUtcNow()),
        }, cancellationToken);

        switch (result)
        {
            case SmsSendResult.Accepted accepted:
                activity?.SetTag("notifications.outcome", "handed_over");
                return new SendOutcome(accepted.Sid, Unanswered: false, Throttled: false);
            case SmsSendResult.Rejected { HttpStatus: >= 500 } serverError:
                // A 5xx may come after Twilio created the message: as ambiguous as no answer at all.
                activity?.SetTag("notifications.outcome", "ambiguous");
                await RecordUnansweredAsync(message, attempt, $"Twilio {serverError.HttpStatus} {serverError.Code}: {serverError.Message}", cancellationToken);
                return new SendOutcome(null, Unanswered: true, Throttled: false);
            case SmsSendResult.Rejected rejected:
                activity?.SetTag("notifications.outcome", "rejected");
                activity?.SetTag("notifications.error_code", rejected.Code);
                await HandleRejectionAsync(message, attempt, rejected, cancellationToken);
                return new SendOutcome(null, Unanswered: false, Throttled: CreateErrorPolicy.IsThrottled(rejected.HttpStatus, rejected.Code));
            case SmsSendResult.Ambiguous ambiguous:
                activity?.SetTag("notifications.outcome", "ambiguous");
                await RecordUnansweredAsync(message, attempt, ambiguous.Reason, cancellationToken);
                return new SendOutcome(null, Unanswered: true, Throttled: false);
            default:
                throw new InvalidOperationException($"Unexpected send result {result.GetType().Name}.");
        }
    }

    private async Task RecordUnansweredAsync(BatchMessage message, int attempt, string reason, CancellationToken cancellationToken)
    {
        await store.RecordAmbiguousAsync(message.Id, attempt, reason, cancellationToken);
        LogAmbiguous(logger, message.Id, reason);
    }

    /// <summary>
    /// Settles a hand-over whose outcome is unknown by looking the message up at Twilio, never by a blind
    /// resend. Twilio's message list shows a new message only after a short delay, so the lookups happen
    /// <see cref="DispatchOptions.LookupDelay"/>, then twice and four times that (and so on,
    /// <see cref="DispatchOptions.LookupAttempts"/> in all) after the hand-over; a hand-over already that
    /// old (the recovery sweep takes only those) is looked up at once. A lookup matches what identifies this message (recipient, sender, body,
    /// creation time since the hand-over) and skips every SID another message already owns.
    /// <list type="bullet">
    /// <item>One candidate: it is this message's; its SID is recorded.</item>
    /// <item>None, in every lookup: Twilio never created it; it may be sent again (or fails once its retry budget is spent).</item>
    /// <item>Several (an identical message whose SID is not recorded yet), or a failed lookup: the next lookup
    /// decides; after the last one the hand-over stays unresolved and the recovery sweep looks again.</item>
    /// </list>
    /// </summary>
    public async Task ResolveAsync(BatchMessage message, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var handedOverAt = message.HandedOverAt ?? time.GetUtcNow();
        var sender = message.Sender ?? string.Empty;
        var misses = 0;
        for (var lookup = 1; lookup <= settings.LookupAttempts; lookup++)
        {
            var due = handedOverAt + (settings.LookupDelay * ((1 << lookup) - 1));
            if (due - time.GetUtcNow() is { Ticks: > 0 } wait)
            {
                await Task.Delay(wait, time, cancellationToken);
            }

            IReadOnlyList<SmsFound> found;
            await _callSlots.WaitAsync(cancellationToken);
            try
            {
                found = await sms.FindAsync(message.To, sender, message.Body, handedOverAt - ClockSkew, handedOverAt + settings.AmbiguousAfter + ClockSkew, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogLookupFailed(logger, message.Id, ex.GetType().Name);
                continue;
            }
            finally
            {
                _callSlots.Release();
            }

            var owned = found.Count == 0 ? [] : await store.FindOwnedSidsAsync(message.Id, found.Select(f => f.Sid).ToArray(), handedOverAt - ClockSkew, cancellationToken);
            var ours = found.Where(f => !owned.Contains(f.Sid)).ToList();
            if (ours.Count == 1)
            {
                await store.CompleteHandOverAsync(message.Id, message.Attempts, ours[0].Sid, MessageEventType.Resolved, cancellationToken);
                return;
            }

            if (ours.Count == 0)
            {
                misses++;
            }
            else
            {
                LogSeveralCandidates(logger, message.Id, ours.Count);
            }
        }

        if (misses == settings.LookupAttempts)
        {
            await RetryOrGiveUpAsync(message, message.Attempts, null, "ambiguous", $"not found at Twilio in {misses} lookups after an unanswered create", cancellationToken);
        }
        else
        {
            LogUnresolved(logger, message.Id);
        }
    }

    private async Task HandleRejectionAsync(BatchMessage message, int attempt, SmsSendResult.Rejected rejected, CancellationToken cancellationToken)
    {
        var code = rejected.Code;
        var codeText = code?.ToString(CultureInfo.InvariantCulture) ?? rejected.HttpStatus.ToString(CultureInfo.InvariantCulture);
        switch (CreateErrorPolicy.Classify(rejected.HttpStatus, code))
        {
            case CreateErrorAction.Retry:
                await RetryOrGiveUpAsync(message, attempt, code, "retry", $"Twilio {codeText}: {rejected.Message}", cancellationToken);
                break;
            case CreateErrorAction.Suppress:
                await SuppressAsync(message, code, cancellationToken);
                await store.FinishAsync(message.Id, attempt, MessageTrigger.CreateOptedOut, code, "recipient opted out at Twilio; number suppressed", null, cancellationToken);
                break;
            case CreateErrorAction.ConfigurationAlert:
                LogConfigurationAlert(logger, message.Id, codeText, message.Country);
                metrics.ConfigurationAlert(code, message.Country);
                await FailAsync(message, attempt, code, $"Twilio {codeText}: {rejected.Message}", codeText, cancellationToken);
                break;
            default:
                await FailAsync(message, attempt, code, $"Twilio {codeText}: {rejected.Message}", codeText, cancellationToken);
                break;
        }
    }

    /// <summary>
    /// Twilio never processed this create: the message goes back to the outbox, due again after a backoff
    /// with full jitter (<see cref="RetrySchedule"/>), or fails with <c>retries_exhausted</c> once its
    /// retry budget (<see cref="DispatchOptions.RetryBudget"/> from its acceptance) is spent.
    /// </summary>
    private async Task RetryOrGiveUpAsync(BatchMessage message, int attempt, int? code, string outcome, string detail, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (RetrySchedule.NextTry(message, attempt, settings, time.GetUtcNow(), Random.Shared.NextDouble()) is not { } dueAt)
        {
            await FailAsync(message, null, code, $"{detail}; retry budget of {settings.RetryBudget} spent after {attempt} attempts", "retries_exhausted", cancellationToken);
            return;
        }

        await store.ScheduleRetryAsync(message.Id, attempt, code, outcome, dueAt, detail, cancellationToken);
    }

    /// <summary>Ends the message as failed and asks for its fallback (when it has an address).</summary>
    public async Task FailAsync(BatchMessage message, int? attempt, int? code, string detail, string fallbackReason, CancellationToken cancellationToken)
    {
        await store.FinishAsync(message.Id, attempt, MessageTrigger.CreateFailed, code, detail, fallbackReason, cancellationToken);
        metrics.Outcome(MessageTransitions.To(MessageTrigger.CreateFailed), message.Country, null, code);
        if (message.FallbackEmail is not null)
        {
            metrics.FallbackRequested(fallbackReason);
        }
    }

    private async Task SuppressAsync(BatchMessage message, int? code, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationsDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await scope.ServiceProvider.GetRequiredService<OptOutRecorder>().RecordAsync(
            new OptOut(message.To, ConsentSource.CarrierSignal, ConsentLedger.SystemActor, SuppressionReason.CarrierOptOut)
            {
                Detail = code?.ToString(CultureInfo.InvariantCulture), Note = $"Twilio refused message {message.Id} with {code}: the recipient opted out",
                Programs = [message.Program], SuppressEveryProgram = true,
            },
            cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private Uri? StatusCallbackFor(Guid messageId)
    {
        if (twilio.Value.StatusCallbackUrl is not { } url)
        {
            return null;
        }

        var separator = string.IsNullOrEmpty(url.Query) ? "?" : "&";
        return new Uri($"{url.OriginalString}{separator}messageId={messageId}");
    }

    [LoggerMessage(1, LogLevel.Warning, "Create for message {MessageId} got no answer ({Reason}); looking it up before any resend")]
    private static partial void LogAmbiguous(ILogger logger, Guid messageId, string reason);

    [LoggerMessage(2, LogLevel.Warning, "Looking up message {MessageId} at Twilio failed ({Error})")]
    private static partial void LogLookupFailed(ILogger logger, Guid messageId, string error);

    [LoggerMessage(4, LogLevel.Warning, "Looking up message {MessageId} at Twilio found {Count} identical messages no other message owns yet; looking again")]
    private static partial void LogSeveralCandidates(ILogger logger, Guid messageId, int count);

    [LoggerMessage(5, LogLevel.Warning, "Message {MessageId} stays unresolved after its lookups; the recovery sweep looks again, and nothing is resent meanwhile")]
    private static partial void LogUnresolved(ILogger logger, Guid messageId);

    [LoggerMessage(3, LogLevel.Critical, "Configuration alert: Twilio refused message {MessageId} with {ErrorCode} (country {Country}); check the account, sender registration and geo permissions")]
    private static partial void LogConfigurationAlert(ILogger logger, Guid messageId, string errorCode, string country);

    /// <summary>
    /// How one create call ended for the group: Twilio's SID, or no answer (to be looked up); neither when a refusal
    /// was settled, and then whether the refusal was Twilio throttling the sender.
    /// </summary>
    private readonly record struct SendOutcome(string? Sid, bool Unanswered, bool Throttled);
}
