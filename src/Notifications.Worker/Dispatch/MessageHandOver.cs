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
    private readonly SemaphoreSlim _callSlots = new(options.Value.SendConcurrency);

    public void Dispose() => _callSlots.Dispose();

    /// <summary>
    /// Hands a group of messages for one sender to Twilio: one rate-limit reservation, one statement
    /// marking them all as handed over (before any call), the create calls with bounded concurrency,
    /// and one round trip recording the SIDs. Refusals and calls without an answer are settled per message.
    /// </summary>
    public async Task SendAsync(IReadOnlyList<BatchMessage> messages, Guid batchId, SelectedSender sender, CancellationToken cancellationToken)
    {
        await rateLimiter.WaitAsync(sender.Name, sender.Options.MessagesPerSecond, messages.Count, cancellationToken);
        var startedAt = time.GetUtcNow();
        var attempts = await store.BeginHandOversAsync(messages.Select(m => m.Id).ToList(), batchId, sender.Name, sender.Kind, startedAt, cancellationToken);
        var handedOver = new ConcurrentBag<(Guid Id, int Attempt, string Sid, string Country)>();
        try
        {
            await Task.WhenAll(messages.Where(m => attempts.ContainsKey(m.Id)).Select(async message =>
            {
                // The concurrency limit holds for the whole process, however many batch jobs run at once.
                await _callSlots.WaitAsync(cancellationToken);
                try
                {
                    if (await SendOneAsync(message, attempts[message.Id], batchId, sender, cancellationToken) is { } sid)
                    {
                        handedOver.Add((message.Id, attempts[message.Id], sid, message.Country));
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
    }

    /// <summary>One create call; returns the SID when Twilio took the message (recorded by the caller), otherwise settles the outcome.</summary>
    private async Task<string?> SendOneAsync(BatchMessage message, int attempt, Guid batchId, SelectedSender sender, CancellationToken cancellationToken)
    {
        using var activity = NotificationsActivity.StartForMessage("sms.send", System.Diagnostics.ActivityKind.Internal, message.Id, message.TraceParent);
        activity?.SetTag("notifications.batch_id", batchId.ToString());
        activity?.SetTag("notifications.country", message.Country);
        activity?.SetTag("notifications.sender_kind", sender.Kind);
        var startedAt = time.GetUtcNow();
        var result = await sms.SendAsync(new SmsRequest(
            message.To, sender.Options.From, sender.Options.MessagingServiceSid, message.Body, StatusCallbackFor(message.Id)), cancellationToken);

        switch (result)
        {
            case SmsSendResult.Accepted accepted:
                activity?.SetTag("notifications.outcome", "handed_over");
                return accepted.Sid;
            case SmsSendResult.Rejected rejected:
                activity?.SetTag("notifications.outcome", "rejected");
                activity?.SetTag("notifications.error_code", rejected.Code);
                await HandleRejectionAsync(message, attempt, rejected, cancellationToken);
                return null;
            case SmsSendResult.Ambiguous ambiguous:
                activity?.SetTag("notifications.outcome", "ambiguous");
                await store.RecordAmbiguousAsync(message.Id, attempt, ambiguous.Reason, cancellationToken);
                LogAmbiguous(logger, message.Id, ambiguous.Reason);
                await ResolveAsync(message with { Attempts = attempt, HandedOverAt = startedAt, Sender = sender.Name }, cancellationToken);
                return null;
            default:
                throw new InvalidOperationException($"Unexpected send result {result.GetType().Name}.");
        }
    }

    /// <summary>
    /// Settles a hand-over whose outcome is unknown: if Twilio has the message, record its SID;
    /// if not, it was never created and may be sent again.
    /// </summary>
    public async Task ResolveAsync(BatchMessage message, CancellationToken cancellationToken)
    {
        string? sid;
        try
        {
            sid = await sms.FindAsync(message.To, message.Sender, message.Body, message.HandedOverAt ?? time.GetUtcNow(), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogLookupFailed(logger, message.Id, ex.GetType().Name);
            return; // stays unresolved; the recovery sweep tries again, and nothing is resent meanwhile
        }

        if (sid is not null)
        {
            await store.CompleteHandOverAsync(message.Id, message.Attempts, sid, MessageEventType.Resolved, cancellationToken);
            return;
        }

        await RetryOrGiveUpAsync(message, message.Attempts, null, "ambiguous", "not found at Twilio after an unanswered create", cancellationToken);
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

    private async Task RetryOrGiveUpAsync(BatchMessage message, int attempt, int? code, string outcome, string detail, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (attempt >= settings.MaxAttempts)
        {
            await FailAsync(message, null, code, $"{detail}; {attempt} attempts made", "retries_exhausted", cancellationToken);
            return;
        }

        var delay = settings.RetryBaseDelay * Math.Pow(2, attempt - 1) * (0.8 + (Random.Shared.NextDouble() * 0.4));
        await store.ScheduleRetryAsync(message.Id, attempt, code, outcome, time.GetUtcNow() + delay, detail, cancellationToken);
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

    [LoggerMessage(2, LogLevel.Warning, "Looking up message {MessageId} at Twilio failed ({Error}); it stays unresolved until the next sweep")]
    private static partial void LogLookupFailed(ILogger logger, Guid messageId, string error);

    [LoggerMessage(3, LogLevel.Critical, "Configuration alert: Twilio refused message {MessageId} with {ErrorCode} (country {Country}); check the account, sender registration and geo permissions")]
    private static partial void LogConfigurationAlert(ILogger logger, Guid messageId, string errorCode, string country);
}
