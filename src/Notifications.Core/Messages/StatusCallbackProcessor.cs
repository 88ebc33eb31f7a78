using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Notifications.Core.Consent;
using Notifications.Core.Data;
using Notifications.Core.Suppression;
using Notifications.Core.Telemetry;
using Npgsql;

namespace Notifications.Core.Messages;

/// <summary>A Twilio status callback, as the webhook received it.</summary>
public sealed record StatusCallback(Guid? MessageId, string MessageSid, string TwilioStatus, int? ErrorCode, string? IdempotencyToken)
{
    /// <summary>What duplicates are recognised by: Twilio's idempotency token, or the SID and status.</summary>
    public string ExternalId => IdempotencyToken is { Length: > 0 } token ? $"twilio:{token}" : $"twilio:{MessageSid}:{TwilioStatus}";
}

public enum CallbackOutcome
{
    /// <summary>Recorded in the timeline and applied to the message.</summary>
    Applied,

    /// <summary>Already recorded (same idempotency token): nothing changed.</summary>
    Duplicate,

    /// <summary>No such message, or a status we do not track: nothing recorded.</summary>
    Unknown,
}

/// <summary>
/// Applies status callbacks, any number in one transaction with a fixed number of statements: the
/// messages are locked and read once, the timeline entries inserted in one statement (duplicates,
/// recognised by their idempotency token, once), the new states written in one statement. Every
/// callback is kept in the timeline; the status only moves forward. A final failure is handled by
/// the <see cref="DeliveryErrorPolicy"/>: a new attempt later, the fallback, a suppression, an alert.
/// </summary>
public sealed partial class StatusCallbackProcessor(
    NotificationsDbContext db,
    SuppressionList suppressions,
    ConsentLedger ledger,
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
            var status = MessageStatusOrder.FromTwilio(callback.TwilioStatus);
            targets[i] = callback.MessageId is { } id ? byId.GetValueOrDefault(id) : bySid.GetValueOrDefault(callback.MessageSid);
            if (targets[i] is not { } message || status is null)
            {
                outcomes[i] = CallbackOutcome.Unknown;
                targets[i] = null;
                LogUnknown(logger, callback.MessageSid, callback.TwilioStatus);
                continue;
            }

            timeline.Add(new MessageEvent
            {
                MessageId = message.Id, At = now, Type = MessageEventType.StatusCallback, Status = status,
                ErrorCode = callback.ErrorCode, Detail = callback.TwilioStatus, ExternalId = callback.ExternalId,
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
                LogDuplicate(logger, callbacks[i].MessageSid, callbacks[i].TwilioStatus);
                continue;
            }

            outcomes[i] = CallbackOutcome.Applied;
            Apply(message, callbacks[i], earlierSids, changes);
        }

        await WriteMessagesAsync(connection, changes.Messages, cancellationToken);
        await MessageEventRows.InsertAsync(connection, changes.Events, cancellationToken);
        foreach (var (message, callback) in changes.Suppressions)
        {
            await suppressions.SuppressAsync(message.To, SuppressionReason.BlockedByRecipient,
                callback.ErrorCode?.ToString(CultureInfo.InvariantCulture), callback.MessageSid, cancellationToken);
            ledger.AddRevocation(message.To, ConsentPurpose.All, ConsentSource.CarrierSignal, ConsentLedger.SystemActor,
                note: $"Carrier reported {callback.ErrorCode} (blocked by the recipient) for message {message.Id}");
        }

        if (changes.Suppressions.Count > 0)
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        if (changes.FallbackRequested)
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
        var status = MessageStatusOrder.FromTwilio(callback.TwilioStatus)!;
        var now = changes.Now;
        using var activity = NotificationsActivity.StartForMessage("sms.status_callback", ActivityKind.Consumer, message.Id, message.TraceParent);
        activity?.SetTag("notifications.status", status);
        activity?.SetTag("notifications.error_code", callback.ErrorCode);
        activity?.SetTag("notifications.country", message.Country);
        activity?.SetTag("notifications.sender_kind", message.SenderKind);

        // A callback can overtake the create answer: it then tells us the SID, unless it belongs to an earlier attempt.
        // (The current attempt's own row may already carry the SID: the worker records it concurrently.)
        if (message.ProviderSid is null && message.HandedOverAt is not null
            && !(earlierSids.TryGetValue(message.Id, out var earlier) && earlier.Contains(callback.MessageSid)))
        {
            message.ProviderSid = callback.MessageSid;
            changes.Messages.Add(message);
        }

        if (message.ProviderSid != callback.MessageSid || !MessageStatusOrder.Advances(message.Status, status))
        {
            return;
        }

        changes.Messages.Add(message);
        if (message.HandedOverAt is { } handedOver)
        {
            changes.AfterCommit.Add(() => metrics.CallbackLag(now - handedOver, status));
        }

        message.Status = status;
        message.UpdatedAt = now;
        message.ErrorCode = callback.ErrorCode ?? message.ErrorCode;
        if (status == MessageStatus.Sent)
        {
            message.SentAt ??= now;
        }

        var country = message.Country;
        var senderKind = message.SenderKind;
        if (status == MessageStatus.Delivered)
        {
            message.FinalAt = now;
            var age = now - message.CreatedAt;
            changes.AfterCommit.Add(() =>
            {
                metrics.Outcome(status, country, senderKind, null);
                metrics.Delivered(age, country, senderKind);
            });
        }
        else if (status is MessageStatus.Undelivered or MessageStatus.Failed)
        {
            var code = callback.ErrorCode;
            changes.AfterCommit.Add(() => metrics.Outcome(status, country, senderKind, code));
            var action = DeliveryErrorPolicy.Decide(code, message.Attempts);
            if (action == DeliveryAction.Retry)
            {
                StartNewAttempt(message, DeliveryErrorPolicy.For(code).RetryAfter, changes);
                return;
            }

            message.FinalAt = now;
            if (action == DeliveryAction.ConfigurationAlert)
            {
                changes.AfterCommit.Add(() => metrics.ConfigurationAlert(code, country));
                LogConfigurationAlert(logger, message.Id, code, country, senderKind);
            }

            if (action == DeliveryAction.SuppressAndFallback)
            {
                changes.Suppressions.Add((message, callback));
            }

            RequestFallback(message, code?.ToString(CultureInfo.InvariantCulture) ?? status, changes);
        }
        else if (MessageStatusOrder.IsFinal(status))
        {
            message.FinalAt = now;
        }
    }

    /// <summary>Back to the outbox for a new attempt; the failed attempt's SID stays in its attempt row.</summary>
    private static void StartNewAttempt(Message message, TimeSpan after, Changes changes)
    {
        message.Status = MessageStatus.Accepted;
        message.ProviderSid = null;
        message.HandedOverAt = null;
        message.BatchId = null;
        message.ClaimedAt = null;
        message.DueAt = changes.Now + after;
        changes.Events.Add(new MessageEvent
        {
            MessageId = message.Id, At = changes.Now, Type = MessageEventType.RetryScheduled, Status = MessageStatus.Accepted,
            ErrorCode = message.ErrorCode, Detail = $"new attempt at {message.DueAt:O}",
        });
    }

    private void RequestFallback(Message message, string reason, Changes changes)
    {
        if (message.FallbackEmail is null || message.FallbackStatus is not null)
        {
            return;
        }

        message.FallbackStatus = FallbackStatus.Pending;
        message.FallbackReason = reason;
        message.FallbackRequestedAt = changes.Now;
        changes.AfterCommit.Add(() => metrics.FallbackRequested(reason));
        changes.Events.Add(new MessageEvent { MessageId = message.Id, At = changes.Now, Type = MessageEventType.FallbackRequested, Detail = reason });
        changes.FallbackRequested = true;
    }

    /// <summary>
    /// Locks (in id order, so concurrent batches cannot deadlock) and reads the messages the callbacks name.
    /// No-key locks: timeline inserts for the same messages elsewhere (their foreign-key checks) need not wait.
    /// </summary>
    private static async Task<(Dictionary<Guid, Message> ById, Dictionary<string, Message> BySid)> LockMessagesAsync(
        NpgsqlConnection connection, IReadOnlyList<StatusCallback> callbacks, CancellationToken cancellationToken)
    {
        var ids = callbacks.Where(c => c.MessageId is not null).Select(c => c.MessageId!.Value).Distinct().ToArray();
        var sids = callbacks.Where(c => c.MessageId is null).Select(c => c.MessageSid).Distinct(StringComparer.Ordinal).ToArray();
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
        while (await reader.ReadAsync(cancellationToken))
        {
            var message = new Message
            {
                Id = reader.GetGuid(0), AppId = reader.GetString(1), To = reader.GetString(2), Country = reader.GetString(3),
                Body = reader.GetString(4), Purpose = reader.GetString(5), Status = reader.GetString(6),
                ProviderSid = NullableString(reader, 7), HandedOverAt = NullableTime(reader, 8), Attempts = reader.GetInt32(9),
                ErrorCode = reader.IsDBNull(10) ? null : reader.GetInt32(10), SentAt = NullableTime(reader, 11), FinalAt = NullableTime(reader, 12),
                SenderKind = NullableString(reader, 13), CreatedAt = reader.GetFieldValue<DateTimeOffset>(14), TraceParent = NullableString(reader, 15),
                FallbackEmail = NullableString(reader, 16), FallbackStatus = NullableString(reader, 17), FallbackReason = NullableString(reader, 18),
                FallbackRequestedAt = NullableTime(reader, 19), DueAt = reader.GetFieldValue<DateTimeOffset>(20),
                BatchId = reader.IsDBNull(21) ? null : reader.GetGuid(21), ClaimedAt = NullableTime(reader, 22),
            };
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
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetGuid(0);
            if (!result.TryGetValue(id, out var sids))
            {
                result[id] = sids = new HashSet<string>(StringComparer.Ordinal);
            }

            sids.Add(reader.GetString(1));
        }

        return result;
    }

    private static async Task WriteMessagesAsync(NpgsqlConnection connection, HashSet<Message> messages, CancellationToken cancellationToken)
    {
        if (messages.Count == 0)
        {
            return;
        }

        var rows = messages.ToArray();
        await using var command = new NpgsqlCommand("""
            UPDATE messages m SET status = u.status, updated_at = u.updated_at, error_code = u.error_code, sent_at = u.sent_at,
                final_at = u.final_at, provider_sid = u.provider_sid, handed_over_at = u.handed_over_at, batch_id = u.batch_id,
                claimed_at = u.claimed_at, due_at = u.due_at, fallback_status = u.fallback_status, fallback_reason = u.fallback_reason,
                fallback_requested_at = u.fallback_requested_at
            FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::int[], $5::timestamptz[], $6::timestamptz[], $7::text[],
                        $8::timestamptz[], $9::uuid[], $10::timestamptz[], $11::timestamptz[], $12::text[], $13::text[], $14::timestamptz[])
                AS u(id, status, updated_at, error_code, sent_at, final_at, provider_sid, handed_over_at, batch_id, claimed_at, due_at,
                     fallback_status, fallback_reason, fallback_requested_at)
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
        command.Parameters.Add(new() { Value = rows.Select(m => m.FallbackStatus).ToArray() });
        command.Parameters.Add(new() { Value = rows.Select(m => m.FallbackReason).ToArray() });
        command.Parameters.Add(new() { Value = rows.Select(m => m.FallbackRequestedAt).ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static string? NullableString(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static DateTimeOffset? NullableTime(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateTimeOffset>(ordinal);

    /// <summary>What applying a set of callbacks changes, written once at the end.</summary>
    private sealed class Changes(DateTimeOffset now)
    {
        public DateTimeOffset Now { get; } = now;

        public HashSet<Message> Messages { get; } = new(ReferenceEqualityComparer.Instance);

        public List<MessageEvent> Events { get; } = [];

        public List<(Message Message, StatusCallback Callback)> Suppressions { get; } = [];

        public bool FallbackRequested { get; set; }

        /// <summary>Metrics, recorded only once the changes are committed.</summary>
        public List<Action> AfterCommit { get; } = [];
    }

    [LoggerMessage(1, LogLevel.Warning, "Status callback for unknown message {MessageSid} ({Status}) ignored")]
    private static partial void LogUnknown(ILogger logger, string messageSid, string status);

    [LoggerMessage(3, LogLevel.Critical, "Configuration alert: message {MessageId} failed with {ErrorCode} (country {Country}, sender kind {SenderKind}); check sender registration and the account")]
    private static partial void LogConfigurationAlert(ILogger logger, Guid messageId, int? errorCode, string country, string? senderKind);

    [LoggerMessage(2, LogLevel.Information, "Duplicate status callback for {MessageSid} ({Status}) ignored")]
    private static partial void LogDuplicate(ILogger logger, string messageSid, string status);
}
