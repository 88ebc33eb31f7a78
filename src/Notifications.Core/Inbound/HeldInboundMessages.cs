using System.Text.Json;
using Microsoft.Extensions.Logging;
using Notifications.Core.Hosting;
using Notifications.Core.Privacy;
using Notifications.Core.Suppression;
using StackExchange.Redis;

namespace Notifications.Core.Inbound;

/// <summary>
/// Inbound webhooks received while PostgreSQL was unreachable, kept in a Redis stream (<see cref="StreamKey"/>)
/// until they are replayed into PostgreSQL. Twilio does not post an inbound webhook again, so this is the only
/// copy. Each entry holds the message sealed with <see cref="NumberProtector.Encrypt"/> (no readable number)
/// and, for an opt-out, the suppression-set members of the number in each program it revokes
/// (<see cref="SuppressionCache.MemberOf"/>, space-separated), which join the suppression set in the same transaction:
/// the opt-out takes effect for those programs' sends at once, and the cache rebuild keeps those members while the entry exists.
/// </summary>
public sealed partial class HeldInboundMessages(IConnectionMultiplexer redis, NumberKeyStore keys, ILogger<HeldInboundMessages> logger)
{
    internal const string StreamKey = "inbound:pending";

    /// <summary>The field with the number's suppression-set members, one per program revoked, space-separated (opt-outs only).</summary>
    internal const string NumberField = "h";

    /// <summary>The field with the sealed message.</summary>
    internal const string MessageField = "m";

    /// <summary>
    /// Holds <paramref name="sms"/>; for an opt-out (<paramref name="optOutPhone"/> set), adds the number's members for each of
    /// <paramref name="programs"/> to the suppression set in the same transaction. False when Redis cannot take it, or the
    /// secret is not loaded and PostgreSQL cannot give it.
    /// </summary>
    public async Task<bool> TryHoldAsync(InboundSms sms, string? optOutPhone, IReadOnlyList<string> programs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(programs);
        ArgumentNullException.ThrowIfNull(sms);
        try
        {
            var protector = await keys.GetAsync(cancellationToken);
            var message = protector.Encrypt(JsonSerializer.Serialize(sms));
            var transaction = redis.GetDatabase().CreateTransaction();
            Task suppressed = Task.CompletedTask;
            NameValueEntry[] fields = [new(MessageField, message)];
            if (optOutPhone is not null)
            {
                var members = programs.Select(p => SuppressionCache.MemberOf(protector, p, optOutPhone)).ToArray();
                suppressed = transaction.SetAddAsync(SuppressionCache.NumbersKey, members.Select(m => (RedisValue)m).ToArray());
                fields = [new(NumberField, string.Join(' ', members)), new(MessageField, message)];
            }

            var added = transaction.StreamAddAsync(StreamKey, fields);
            if (!await transaction.ExecuteAsync())
            {
                return false;
            }

            await suppressed;
            LogHeld(logger, sms.MessageSid, await added);
            return true;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException || DependencyFailures.IsDatabaseUnavailable(ex))
        {
            LogHoldFailed(logger, sms.MessageSid, ex.GetType().Name);
            return false;
        }
    }

    /// <summary>Up to <paramref name="count"/> entries after <paramref name="afterId"/> (from the start when null), oldest first.</summary>
    public async Task<IReadOnlyList<PendingInbound>> ReadAsync(string? afterId, int count, CancellationToken cancellationToken)
    {
        var protector = await keys.GetAsync(cancellationToken);
        var entries = await redis.GetDatabase().StreamRangeAsync(
            StreamKey, afterId is null ? "-" : "(" + afterId, "+", count);
        var pending = new List<PendingInbound>(entries.Length);
        foreach (var entry in entries)
        {
            var sealedMessage = entry[MessageField];
            InboundSms? sms = null;
            if (!sealedMessage.IsNull && protector.TryDecrypt(sealedMessage.ToString(), out var json))
            {
                sms = JsonSerializer.Deserialize<InboundSms>(json);
            }

            pending.Add(new PendingInbound(entry.Id.ToString(), sms));
        }

        return pending;
    }

    /// <summary>Removes an entry once its message is committed to PostgreSQL.</summary>
    public Task RemoveAsync(string id) => redis.GetDatabase().StreamDeleteAsync(StreamKey, [id]);

    [LoggerMessage(1, LogLevel.Warning, "Inbound message {MessageSid} held in Redis as {EntryId} while PostgreSQL is unreachable; it is replayed when the database is back")]
    private static partial void LogHeld(ILogger logger, string messageSid, string? entryId);

    [LoggerMessage(2, LogLevel.Error, "Inbound message {MessageSid} could not be held in Redis either ({Error}); Twilio is answered 503")]
    private static partial void LogHoldFailed(ILogger logger, string messageSid, string error);
}
