using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Notifications.Core.Consent;
using Notifications.Core.Data;
using Notifications.Core.Suppression;
using Notifications.Core.Telemetry;
using Notifications.Core.Twilio;
using Npgsql;

namespace Notifications.Core.Messages;

/// <summary>
/// Applies status callbacks, any number in one transaction with a fixed number of statements: the
/// messages are locked and read once, the timeline entries inserted in one statement (duplicates,
/// recognised by their idempotency token, once), the new states written in one statement. Every
/// callback is kept in the timeline; the status moves as <see cref="MessageTransitions"/> allows (only
/// forward). A final failure is handled by the <see cref="DeliveryErrorPolicy"/>: a new attempt later
/// (<see cref="OutboxReturn"/>), the fallback (<see cref="FallbackRequest"/>), a suppression
/// (<see cref="OptOutRecorder"/>), an alert.
/// </summary>
public sealed partial class StatusCallbackProcessor(
    NotificationsDbContext db,
    OptOutRecorder optOuts,
    SuppressionList suppressions,
    NotificationsMetrics metrics,
    TimeProvider time,
    ILogger<StatusCallbackProcessor> logger)
{
    private const string MessageColumns = """
        id, app_id, "to", country, body, purpose, status, provider_sid, handed_over_at, attempts, error_code, sent_at, final_at,
        sender_kind, created_at, trace_parent, fallback_email, fallback_status, fallback_reason, fallback_requested_at, due_at, batch_id, claimed_at
        """;

    /// <summary>Applies <paramref name="callbacks"/> in one transaction; returns what came of each, in order.</summary>
    public async Task<IReadOnlyList<CallbackOutcome>> ApplyAsync(IReadOnlyList<StatusCallback> callbacks, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var outcomes = new CallbackOutcome[callbacks.Count];
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();

        var (byId, bySid) = await LockMessagesAsync(connection, callbacks, cancellationToken);
        var targets = new Message?[callbacks.Count];
        var timeline = new List<MessageEvent>(callbacks.Count);
        for (var i = 0; i < callbacks.Count; i++)
        {
            var callback = callbacks[i];
            var status = callback.Status;
            targets[i] = callback.MessageId is { } id ? byId.GetValueOrDefault(id) : bySid.GetValueOrDefault(callback.ProviderSid);
            if (targets[i] is not { } message || status is null)
            {
                outcomes[i] = CallbackOutcome.Unknown;
                targets[i] = null;
                LogUnknown(logger, callback.ProviderSid, callback.ProviderStatus);
                continue;
            }

            timeline.Add(new MessageEvent
            {
                MessageId = message.Id, At = now, Type = MessageEventType.StatusCallback, Status = status,
                ErrorCode = callback.ErrorCode, Detail = callback.ProviderStatus, ExternalId = callback.ExternalId,
            });
        }

        var recorded = await MessageEventRows.InsertNewAsync(connection, timeline, cancellationToken);
        var earlierSids = await EarlierAttemptSidsAsync(connection, targets, cancellationToken);
        var changes = new Changes(now);
        for (var i = 0; i < callbacks.Count; i++)
        {
            if (targets[i] is not { } message)
            {
                continue;
            }

            // Remove: a second callback with the same id in this batch is a duplicate too.
            if (!recorded.Remove(callbacks[i].ExternalId))
            {
                outcomes[i] = CallbackOutcome.Duplicate;
                LogDuplicate(logger, callbacks[i].ProviderSid, callbacks[i].ProviderStatus);
                continue;
            }

            outcomes[i] = CallbackOutcome.Applied;
            Apply(message, callbacks[i], earlierSids, changes);
        }

        await WriteMessagesAsync(connection, changes, cancellationToken);
        if (changes.Retries.Count > 0)
        {
            // After the write above: the retried messages' other changes land first, then they go back to the outbox.
            await using var batch = new NpgsqlBatch(connection) { BatchCommands = { OutboxReturn.Retry(changes.Retries, now), MessageEventRows.Command(changes.Events) } };
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
        else
        {
            await MessageEventRows.InsertAsync(connection, changes.Events, cancellationToken);
        }

        foreach (var (message, callback) in changes.Suppressions)
        {
            await optOuts.RecordAsync(
                new OptOut(message.To, ConsentSource.CarrierSignal, ConsentLedger.SystemActor, SuppressionReason.BlockedByRecipient)
                {
                    Detail = callback.ErrorCode?.ToString(CultureInfo.InvariantCulture), SourceMessageSid = callback.ProviderSid,
                    Note = $"Carrier reported {callback.ErrorCode} (blocked by the recipient) for message {message.Id}",
                    Programs = [message.Program], SuppressEveryProgram = true,
                },
                cancellationToken);
        }

        foreach (var (message, callback, reason) in changes.NumberFacts)
        {
            await suppressions.SuppressAsync(
                SuppressedNumber.EveryProgram, message.To, reason, callback.ErrorCode?.ToString(CultureInfo.InvariantCulture), callback.ProviderSid, cancellationToken);
        }

        if (changes.Suppressions.Count > 0 || changes.NumberFacts.Count > 0)
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        if (changes.FallbackRequests.Count > 0)
        {
            // The worker starts the fallback jobs when this commits.
            await using var notify = new NpgsqlCommand($"SELECT pg_notify('{OutboxChannels.Fallbacks}', '')", connection);
            await notify.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        foreach (var record in changes.AfterCommit)
        {
            record();
        }

        return outcomes;
    }

    private void Apply(Message message, StatusCallback callback, Dictionary<Guid, HashSet<string>> earlierSids, Changes changes)
    {
        if (changes.Returned.Contains(message))
        {
            return; // back in the outbox through an earlier callback of this batch: its attempt is over
        }

        var status = callback.Status!;
        var now = changes.Now;
        using var activity = NotificationsActivity.StartForMessage("sms.status_callback", ActivityKind.Consumer, message.Id, message.TraceParent);
        activity?.SetTag("notifications.status", status);
        activity?.SetTag("notifications.error_code", callback.ErrorCode);
        activity?.SetTag("notifications.country", message.Country);
        activity?.SetTag("notifications.sender_kind", message.SenderKind);

        // A callback can overtake the create answer: it then tells us the SID, unless it belongs to an earlier attempt.
        // (The current attempt's own row may already carry the SID: the worker records it concurrently.)
        if (message.ProviderSid is null && message.HandedOverAt is not null
            && !(earlierSids.TryGetValue(message.Id, out var earlier) && earlier.Contains(callback.ProviderSid)))
        {
            message.ProviderSid = callback.ProviderSid;
            changes.Messages.Add(message);
        }

        if (message.ProviderSid != callback.ProviderSid
            || MessageTransitions.Report(status) is not { } reported
            || MessageTransitions.Next(message.Status, reported) is not { Allowed: true } next)
        {
            return;
        }

        changes.Messages.Add(message);
        if (message.HandedOverAt is { } handedOver)
        {
            changes.AfterCommit.Add(() => metrics.CallbackLag(now - handedOver, status));
        }

        message.UpdatedAt = now;
        message.ErrorCode = callback.ErrorCode ?? message.ErrorCode;
        var country = message.Country;
        var senderKind = message.SenderKind;
        var code = callback.ErrorCode;
        var failed = status is MessageStatus.Undelivered or MessageStatus.Failed;
        var action = failed ? DeliveryErrorPolicy.Decide(code, message.Attempts) : (DeliveryAction?)null;
        if (failed)
        {
            changes.AfterCommit.Add(() => metrics.Outcome(status, country, senderKind, code));
        }

        if (action == DeliveryAction.Retry && MessageTransitions.Next(message.Status, MessageTrigger.Retry).Allowed)
        {
            StartNewAttempt(message, DeliveryErrorPolicy.For(code).RetryAfter, changes);
            return;
        }

        message.Status = next.To!;
        if (status == MessageStatus.Sent)
        {
            message.SentAt ??= now;
        }

        if (MessageTransitions.IsFinal(message.Status))
        {
            message.FinalAt = now;
        }

        if (status == MessageStatus.Delivered)
        {
            var age = now - message.CreatedAt;
            changes.AfterCommit.Add(() =>
            {
                metrics.Outcome(status, country, senderKind, null);
                metrics.Delivered(age, country, senderKind);
            });
        }
        else if (failed)
        {
            if (action == DeliveryAction.ConfigurationAlert)
            {
                changes.AfterCommit.Add(() => metrics.ConfigurationAlert(code, country));
                LogConfigurationAlert(logger, message.Id, code, country, senderKind);
            }

            if (action == DeliveryAction.Suppress)
            {
                changes.Suppressions.Add((message, callback));
            }

            if (DeliveryErrorPolicy.NumberFact(code) is { } fact)
            {
                changes.NumberFacts.Add((message, callback, fact));
            }

            if (action is { } decided && DeliveryErrorPolicy.StartsFallback(decided))
            {
                RequestFallback(message, code?.ToString(CultureInfo.InvariantCulture) ?? status, changes);
            }
        }
    }

    /// <summary>
    /// Back to the outbox for a new attempt (<see cref="MessageTrigger.Retry"/>, written by <see cref="OutboxReturn"/>);
    /// the failed attempt's SID stays in its attempt row.
    /// </summary>
    private static void StartNewAttempt(Message message, TimeSpan after, Changes changes)
    {
        var dueAt = changes.Now + after;
        changes.Retries.Add(new OutboxRetry(message.Id, dueAt, message.ErrorCode, AbandonedSid: message.ProviderSid));
        changes.Returned.Add(message);
        changes.Events.Add(new MessageEvent
        {
            MessageId = message.Id, At = changes.Now, Type = MessageEventType.RetryScheduled, Status = MessageTransitions.To(MessageTrigger.Retry),
            ErrorCode = message.ErrorCode, Detail = $"new attempt at {dueAt:O}",
        });
    }

    /// <summary>Asks for the email fallback (<see cref="FallbackTrigger.Request"/>, written by <see cref="FallbackRequest"/>).</summary>
    private void RequestFallback(Message message, string reason, Changes changes)
    {
        if (!FallbackRequest.Applies(message.FallbackEmail, message.FallbackStatus))
        {
            return;
        }

        message.FallbackStatus = MessageTransitions.To(FallbackTrigger.Request);
        changes.FallbackRequests[message] = reason;
        changes.AfterCommit.Add(() => metrics.FallbackRequested(reason));
        changes.Events.Add(new MessageEvent { MessageId = message.Id, At = changes.Now, Type = MessageEventType.FallbackRequested, Detail = reason });
    }

    /// <summary>
    /// Locks (in id order, so concurrent batches cannot deadlock) and reads the messages the callbacks name.
    /// No-key locks: timeline inserts for the same messages elsewhere (their foreign-key checks) need not wait.
    /// </summary>
    private static async Task<(Dictionary<Guid, Message> ById, Dictionary<string, Message> BySid)> LockMessagesAsync(
        NpgsqlConnection connection, IReadOnlyList<StatusCallback> callbacks, CancellationToken cancellationToken)
    {
        var ids = callbacks.Where(c => c.MessageId is not null).Select(c => c.MessageId!.Value).Distinct().ToArray();
        var sids = callbacks.Where(c => c.MessageId is null).Select(c => c.ProviderSid).Distinct(StringComparer.Ordinal).ToArray();
        await using var command = new NpgsqlCommand($"""
            SELECT {MessageColumns} FROM messages
            WHERE id = ANY($1) OR provider_sid = ANY($2)
            ORDER BY id
            FOR NO KEY UPDATE
            """, connection);
        command.Parameters.Add(new() { Value = ids });
        command.Parameters.Add(new() { Value = sids });
        var byId = new Dictionary<Guid, Message>();
        var bySid = new Dictionary<string, Message>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var column = new MessageOrdinals(reader);
        while (await reader.ReadAsync(cancellationToken))
        {
            var message = column.Read(reader);
            byId[message.Id] = message;
            if (message.ProviderSid is not null)
            {
                bySid[message.ProviderSid] = message;
            }
        }

        return (byId, bySid);
    }

    /// <summary>For messages handed over with no SID yet: the SIDs of their earlier attempts (a late callback from one of those must not be adopted).</summary>
    private static async Task<Dictionary<Guid, HashSet<string>>> EarlierAttemptSidsAsync(
        NpgsqlConnection connection, Message?[] targets, CancellationToken cancellationToken)
    {
        var result = new Dictionary<Guid, HashSet<string>>();
        var waiting = targets.OfType<Message>().Where(m => m.ProviderSid is null && m.HandedOverAt is not null).DistinctBy(m => m.Id).ToArray();
        if (waiting.Length == 0)
        {
            return result;
        }

        await using var command = new NpgsqlCommand("""
            SELECT a.message_id, a.provider_sid FROM message_attempts a
            JOIN unnest($1::uuid[], $2::int[]) AS w(id, attempts) ON a.message_id = w.id AND a.number < w.attempts
            WHERE a.provider_sid IS NOT NULL
            """, connection);
        command.Parameters.Add(new() { Value = waiting.Select(m => m.Id).ToArray() });
        command.Parameters.Add(new() { Value = waiting.Select(m => m.Attempts).ToArray() });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var (messageId, providerSid) = (reader.GetOrdinal("message_id"), reader.GetOrdinal("provider_sid"));
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetGuid(messageId);
            if (!result.TryGetValue(id, out var sids))
            {
                result[id] = sids = new HashSet<string>(StringComparer.Ordinal);
            }

            sids.Add(reader.GetString(providerSid));
        }

        return result;
    }

    /// <summary>Writes the changed messages in one statement; a fallback requested meanwhile goes through <see cref="FallbackRequest"/>.</summary>
    private static async Task WriteMessagesAsync(NpgsqlConnection connection, Changes changes, CancellationToken cancellationToken)
    {
        if (changes.Messages.Count == 0)
        {
            return;
        }

        var rows = changes.Messages.ToArray();
        await using var command = new NpgsqlCommand($"""
            UPDATE messages m SET status = u.status, updated_at = u.updated_at, error_code = u.error_code, sent_at = u.sent_at,
                final_at = u.final_at, provider_sid = u.provider_sid, handed_over_at = u.handed_over_at, batch_id = u.batch_id,
                claimed_at = u.claimed_at, due_at = u.due_at,
                {FallbackRequest.Assignments("u.fallback_request", "u.updated_at", "$13")}
            FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::int[], $5::timestamptz[], $6::timestamptz[], $7::text[],
                        $8::timestamptz[], $9::uuid[], $10::timestamptz[], $11::timestamptz[], $12::text[])
                AS u(id, status, updated_at, error_code, sent_at, final_at, provider_sid, handed_over_at, batch_id, claimed_at, due_at,
                     fallback_request)
            WHERE m.id = u.id
            """, connection);
        command.Parameters.Add(new() { Value = rows.Select(m => m.Id).ToArray() });
        command.Parameters.Add(new() { Value = rows.Select(m => m.Status).ToArray() });
        command.Parameters.Add(new() { Value = rows.Select(m => m.UpdatedAt).ToArray() });
        command.Parameters.Add(new() { Value = rows.Select(m => m.ErrorCode).ToArray() });
        command.Parameters.Add(new() { Value = rows.Select(m => m.SentAt).ToArray() });
        command.Parameters.Add(new() { Value = rows.Select(m => m.FinalAt).ToArray() });
        command.Parameters.Add(new() { Value = rows.Select(m => m.ProviderSid).ToArray() });
        command.Parameters.Add(new() { Value = rows.Select(m => m.HandedOverAt).ToArray() });
        command.Parameters.Add(new() { Value = rows.Select(m => m.BatchId).ToArray() });
        command.Parameters.Add(new() { Value = rows.Select(m => m.ClaimedAt).ToArray() });
        command.Parameters.Add(new() { Value = rows.Select(m => m.DueAt).ToArray() });
        command.Parameters.Add(new() { Value = rows.Select(m => changes.FallbackRequests.GetValueOrDefault(m)).ToArray() });
        command.Parameters.Add(new() { Value = MessageTransitions.To(FallbackTrigger.Request) });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>What applying a set of callbacks changes, written once at the end.</summary>
    private sealed class Changes(DateTimeOffset now)
    {
        public DateTimeOffset Now { get; } = now;

        public HashSet<Message> Messages { get; } = new(ReferenceEqualityComparer.Instance);

        public List<MessageEvent> Events { get; } = [];

        public List<(Message Message, StatusCallback Callback)> Suppressions { get; } = [];

        /// <summary>Numbers a carrier fact suppresses for every program, with the reason (<see cref="DeliveryErrorPolicy.NumberFacts"/>).</summary>
        public List<(Message Message, StatusCallback Callback, string Reason)> NumberFacts { get; } = [];

        /// <summary>Messages going back to the outbox for a new attempt.</summary>
        public List<OutboxRetry> Retries { get; } = [];

        public HashSet<Message> Returned { get; } = new(ReferenceEqualityComparer.Instance);

        /// <summary>The fallbacks requested, with their reasons.</summary>
        public Dictionary<Message, string> FallbackRequests { get; } = new(ReferenceEqualityComparer.Instance);

        /// <summary>Metrics, recorded only once the changes are committed.</summary>
        public List<Action> AfterCommit { get; } = [];
    }

    /// <summary>The ordinals of <see cref="MessageColumns"/>, looked up by name once per result set.</summary>
    private sealed class MessageOrdinals(NpgsqlDataReader reader)
    {
        private readonly int _id = reader.GetOrdinal("id");
        private readonly int _appId = reader.GetOrdinal("app_id");
        private readonly int _to = reader.GetOrdinal("to");
        private readonly int _country = reader.GetOrdinal("country");
        private readonly int _body = reader.GetOrdinal("body");
        private readonly int _purpose = reader.GetOrdinal("purpose");
        private readonly int _status = reader.GetOrdinal("status");
        private readonly int _providerSid = reader.GetOrdinal("provider_sid");
        private readonly int _handedOverAt = reader.GetOrdinal("handed_over_at");
        private readonly int _attempts = reader.GetOrdinal("attempts");
        private readonly int _errorCode = reader.GetOrdinal("error_code");
        private readonly int _sentAt = reader.GetOrdinal("sent_at");
        private readonly int _finalAt = reader.GetOrdinal("final_at");
        private readonly int _senderKind = reader.GetOrdinal("sender_kind");
        private readonly int _createdAt = reader.GetOrdinal("created_at");
        private readonly int _traceParent = reader.GetOrdinal("trace_parent");
        private readonly int _fallbackEmail = reader.GetOrdinal("fallback_email");
        private readonly int _fallbackStatus = reader.GetOrdinal("fallback_status");
        private readonly int _fallbackReason = reader.GetOrdinal("fallback_reason");
        private readonly int _fallbackRequestedAt = reader.GetOrdinal("fallback_requested_at");
        private readonly int _dueAt = reader.GetOrdinal("due_at");
        private readonly int _batchId = reader.GetOrdinal("batch_id");
        private readonly int _claimedAt = reader.GetOrdinal("claimed_at");

        public Message Read(NpgsqlDataReader row) => new()
        {
            Id = row.GetGuid(_id), AppId = row.GetString(_appId), To = row.GetString(_to), Country = row.GetString(_country),
            Body = row.GetString(_body), Purpose = row.GetString(_purpose), Status = row.GetString(_status),
            ProviderSid = row.GetNullableString(_providerSid), HandedOverAt = row.GetNullable<DateTimeOffset>(_handedOverAt),
            Attempts = row.GetInt32(_attempts), ErrorCode = row.GetNullable<int>(_errorCode), SentAt = row.GetNullable<DateTimeOffset>(_sentAt),
            FinalAt = row.GetNullable<DateTimeOffset>(_finalAt), SenderKind = row.GetNullableString(_senderKind),
            CreatedAt = row.GetFieldValue<DateTimeOffset>(_createdAt), TraceParent = row.GetNullableString(_traceParent),
            FallbackEmail = row.GetNullableString(_fallbackEmail), FallbackStatus = row.GetNullableString(_fallbackStatus),
            FallbackReason = row.GetNullableString(_fallbackReason), FallbackRequestedAt = row.GetNullable<DateTimeOffset>(_fallbackRequestedAt),
            DueAt = row.GetFieldValue<DateTimeOffset>(_dueAt), BatchId = row.GetNullable<Guid>(_batchId), ClaimedAt = row.GetNullable<DateTimeOffset>(_claimedAt),
        };
    }

    [LoggerMessage(1, LogLevel.Warning, "Status callback for unknown message {MessageSid} ({Status}) ignored")]
    private static partial void LogUnknown(ILogger logger, string messageSid, string status);

    [LoggerMessage(3, LogLevel.Critical, "Configuration alert: message {MessageId} failed with {ErrorCode} (country {Country}, sender kind {SenderKind}); check sender registration and the account")]
    private static partial void LogConfigurationAlert(ILogger logger, Guid messageId, int? errorCode, string country, string? senderKind);

    [LoggerMessage(2, LogLevel.Information, "Duplicate status callback for {MessageSid} ({Status}) ignored")]
    private static partial void LogDuplicate(ILogger logger, string messageSid, string status);
}
