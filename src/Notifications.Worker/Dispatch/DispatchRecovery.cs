using Hangfire;
using Microsoft.Extensions.Options;
using Notifications.Core.Messages;
using Npgsql;

namespace Notifications.Worker.Dispatch;

/// <summary>
/// What makes an accepted message reach a final status or its fallback after any crash: releases
/// claims whose batch job never ran, resolves hand-overs left without an answer (looked up at
/// Twilio, never resent blindly), and starts requested fallbacks. One worker at a time runs the sweep.
/// </summary>
public sealed partial class DispatchRecovery(
    NpgsqlDataSource dataSource,
    MessageHandOver handOver,
    IBackgroundJobClient jobs,
    IOptions<DispatchOptions> options,
    TimeProvider time,
    ILogger<DispatchRecovery> logger)
{
    private const long SweepLockKey = 0x4E6F74696679; // any constant shared by all workers

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var tryLock = new NpgsqlCommand("SELECT pg_try_advisory_lock($1)", connection) { Parameters = { new() { Value = SweepLockKey } } })
        {
            if (await tryLock.ExecuteScalarAsync(cancellationToken) is not true)
            {
                return;
            }
        }

        try
        {
            await ReleaseStaleClaimsAsync(connection, cancellationToken);
            await ResolveUnansweredHandOversAsync(connection, cancellationToken);
        }
        finally
        {
            await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock($1)", connection) { Parameters = { new() { Value = SweepLockKey } } };
            await unlock.ExecuteScalarAsync(CancellationToken.None);
        }
    }

    /// <summary>
    /// Enqueues a fallback job for each requested fallback not yet started, or whose job's lease
    /// (<see cref="DispatchOptions.FallbackLease"/>, renewed while the job works) ran out.
    /// The pending status is written into the statement, not passed as a parameter: the partial index
    /// <c>ix_messages_fallback_pending</c> (the same constant in the EF model) serves only a query whose
    /// predicate matches its own, which a prepared statement's generic plan with a parameter does not.
    /// </summary>
    public async Task StartRequestedFallbacksAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var command = dataSource.CreateCommand($"""
            UPDATE messages SET fallback_claimed_at = $1
            WHERE id IN (
                SELECT id FROM messages
                WHERE fallback_status = '{FallbackStatus.Pending}' AND (fallback_claimed_at IS NULL OR fallback_claimed_at < $2)
                ORDER BY fallback_requested_at
                LIMIT 500
                FOR NO KEY UPDATE SKIP LOCKED)
            RETURNING id
            """);
        command.Parameters.Add(new() { Value = now });
        command.Parameters.Add(new() { Value = now - options.Value.FallbackLease });
        var ids = new List<Guid>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            var id = reader.GetOrdinal("id");
            while (await reader.ReadAsync(cancellationToken))
            {
                ids.Add(reader.GetGuid(id));
            }
        }

        foreach (var id in ids)
        {
            jobs.Enqueue<EmailFallbackJob>(job => job.SendAsync(id, CancellationToken.None));
        }
    }

    /// <summary>Claims whose batch job never reached the message (or stopped renewing its claim: it is gone) go back to the outbox (<see cref="MessageTrigger.ReleaseClaim"/>, <see cref="OutboxReturn"/>).</summary>
    private async Task ReleaseStaleClaimsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var command = new NpgsqlCommand($"""
            WITH released AS (
                UPDATE messages SET {OutboxReturn.Assignments("$3")}, updated_at = $1
                WHERE batch_id IS NOT NULL AND status = ANY($4) AND handed_over_at IS NULL AND provider_sid IS NULL AND claimed_at < $2
                RETURNING id)
            INSERT INTO message_events (message_id, at, type, status, detail)
            SELECT id, $1, $5, $3, $6 FROM released
            """, connection);
        command.Parameters.Add(new() { Value = now });
        command.Parameters.Add(new() { Value = now - options.Value.ClaimTimeout });
        command.Parameters.Add(new() { Value = MessageTransitions.To(MessageTrigger.ReleaseClaim) });
        command.Parameters.Add(new() { Value = MessageTransitions.From(MessageTrigger.ReleaseClaim) });
        command.Parameters.Add(new() { Value = MessageEventType.Recovered });
        command.Parameters.Add(new() { Value = "claim released: its batch job never reached the message" });
        var released = await command.ExecuteNonQueryAsync(cancellationToken);
        if (released > 0)
        {
            LogReleased(logger, released);
            await using var notify = new NpgsqlCommand($"SELECT pg_notify('{OutboxChannels.Messages}', '')", connection);
            await notify.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Hand-overs without an answer whose batch job is gone (its claim is no longer renewed, see
    /// <see cref="BatchClaim"/>): looked up at Twilio (<see cref="MessageHandOver.ResolveAsync"/>).
    /// </summary>
    private async Task ResolveUnansweredHandOversAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand($"""
            SELECT {DispatchStore.BatchMessageColumns}
            FROM messages
            WHERE batch_id IS NOT NULL AND status = ANY($2) AND handed_over_at IS NOT NULL AND provider_sid IS NULL AND handed_over_at < $1
                AND claimed_at < $3
            LIMIT 200
            """, connection);
        var now = time.GetUtcNow();
        // Only hand-overs past their whole lookup schedule, so the sweep never waits on one.
        var settings = options.Value;
        command.Parameters.Add(new() { Value = now - (settings.AmbiguousAfter > settings.LookupSchedule ? settings.AmbiguousAfter : settings.LookupSchedule) });
        command.Parameters.Add(new() { Value = MessageTransitions.From(MessageTrigger.HandOver) });
        command.Parameters.Add(new() { Value = now - settings.ClaimTimeout });
        var unanswered = await DispatchStore.ReadBatchMessagesAsync(command, cancellationToken);

        // Each is looked up at once (see MessageHandOver.ResolveAsync): hand-overs this old need no waiting.
        await Task.WhenAll(unanswered.Select(message => handOver.ResolveAsync(message, cancellationToken)));

        if (unanswered.Count > 0)
        {
            LogResolved(logger, unanswered.Count);
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "Released {Count} claimed messages whose batch job never reached them")]
    private static partial void LogReleased(ILogger logger, int count);

    [LoggerMessage(2, LogLevel.Warning, "Resolved {Count} hand-overs left without an answer")]
    private static partial void LogResolved(ILogger logger, int count);
}
