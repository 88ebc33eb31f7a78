using Notifications.Core.Windows;
using Npgsql;

namespace Notifications.Worker.Dispatch;

/// <summary>
/// The batch job's first step for the messages it has not handed over yet, before the consent gate: a message whose
/// <c>validUntil</c> has passed ends <c>expired</c>; one outside its recipient's send window, or over its frequency
/// cap, goes back to the outbox as <c>scheduled</c> until the window opens or the cap frees (<see cref="SendWindowPolicy"/>);
/// the others go on, each carrying its <c>validUntil</c> to the create. Two round trips per batch (one read, one
/// write), in one transaction holding a lock per capped number, so that concurrent batches on several workers count
/// a number's sends one after the other.
/// </summary>
public sealed partial class SendWindowStep(NpgsqlDataSource dataSource, SendWindowPolicy policy, TimeProvider time, ILogger<SendWindowStep> logger)
{
    /// <summary>Applies the step to <paramref name="messages"/>; returns those that may be sent now.</summary>
    public async Task<List<BatchMessage>> ApplyAsync(IReadOnlyList<BatchMessage> messages, Guid batchId, CancellationToken cancellationToken)
    {
        if (messages.Count == 0)
        {
            return [];
        }

        var now = time.GetUtcNow();
        var windowed = messages.Where(m => policy.HasWindow(m.Purpose)).ToList();
        var caps = messages.Select(m => policy.Cap(m.To, m.Purpose)).ToList();
        var capped = messages.Where((_, i) => caps[i] is not null).ToList();
        var longestPeriod = caps.OfType<FrequencyCapOptions>().Select(c => c.Period).DefaultIfEmpty(TimeSpan.Zero).Max();

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = capped.Count > 0 ? await connection.BeginTransactionAsync(cancellationToken) : null;
        var facts = await ScheduleStore.ReadAsync(connection, messages, windowed, capped, now - longestPeriod, cancellationToken);

        var ready = new List<BatchMessage>(messages.Count);
        var expired = new List<(Guid, DateTimeOffset)>();
        var deferred = new List<(Guid, DateTimeOffset, string)>();
        var counted = new List<Guid>();
        foreach (var (message, cap) in messages.Zip(caps).OrderBy(p => p.First.AcceptedAt))
        {
            var (validUntil, capCountedAt) = facts.Messages.GetValueOrDefault(message.Id);
            if (validUntil is { } until && until <= now)
            {
                expired.Add((message.Id, until));
                continue;
            }

            facts.TimeZones.TryGetValue((message.Program, message.To), out var timeZone);
            if (policy.Window(message.To, message.Purpose, timeZone, now) is { } closed)
            {
                deferred.Add((message.Id, closed.DueAt, closed.Reason));
                continue;
            }

            if (cap is not null && capCountedAt is null)
            {
                var key = (message.Program, message.To, message.Purpose);
                if (!facts.Counted.TryGetValue(key, out var sends))
                {
                    facts.Counted[key] = sends = [];
                }

                if (SendWindowPolicy.CapDeferral(cap, sends, now) is { } full)
                {
                    deferred.Add((message.Id, full.DueAt, full.Reason));
                    continue;
                }

                sends.Add(now);
                counted.Add(message.Id);
            }

            ready.Add(message with { ValidUntil = validUntil });
        }

        await ScheduleStore.WriteAsync(connection, expired, deferred, counted, batchId, now, cancellationToken);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }

        if (expired.Count + deferred.Count > 0)
        {
            LogHeldBack(logger, batchId, deferred.Count, expired.Count);
        }

        return ready;
    }

    [LoggerMessage(1, LogLevel.Information, "Batch {BatchId}: {Deferred} messages scheduled for later (send window or frequency cap), {Expired} expired")]
    private static partial void LogHeldBack(ILogger logger, Guid batchId, int deferred, int expired);
}
