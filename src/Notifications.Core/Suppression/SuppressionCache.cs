using Microsoft.Extensions.Logging;
using Notifications.Core.Hosting;
using Notifications.Core.Inbound;
using Notifications.Core.Privacy;
using Notifications.Core.Programs;
using StackExchange.Redis;

namespace Notifications.Core.Suppression;

/// <summary>
/// The active suppression list cached in Redis as one set of keyed hashes (<see cref="NumberProtector.Hash"/>,
/// never a number), one member per program and number (<see cref="MemberOf"/>), with a marker saying the set is
/// complete (rebuilt from PostgreSQL). A batch lookup for a program is one round trip asking, per number, for the
/// program's member and the every-program member. A member is always a positive: it is how an opt-out
/// received while PostgreSQL was down takes effect before it is written there
/// (<see cref="HeldInboundMessages"/>). Only a miss on a cold cache is "unknown". Every failure here is
/// reported as "unknown" so that callers fall back to PostgreSQL; nothing here can make a number sendable.
/// An outage of Redis is logged once when lookups start failing and once when they work again, not per lookup.
/// </summary>
public sealed partial class SuppressionCache(IConnectionMultiplexer redis, NumberKeyStore keys, ILogger<SuppressionCache> logger)
{
    internal const string NumbersKey = "suppression:numbers";
    internal const string ReadyKey = "suppression:ready";

    // Removes members, except those an opt-out still waiting in the pending inbound stream needs (its field holds
    // the members of every program it revokes, space-separated): checked inside Redis, so that an opt-out held
    // between the caller's read and this removal is never dropped.
    private const string RemoveUnlessPendingScript = """
        local pending = {}
        for _, entry in ipairs(redis.call('XRANGE', KEYS[2], '-', '+')) do
          local fields = entry[2]
          for i = 1, #fields, 2 do
            if fields[i] == ARGV[1] then
              for member in string.gmatch(fields[i + 1], '%S+') do pending[member] = true end
            end
          end
        end
        local removed = 0
        for i = 2, #ARGV do
          if not pending[ARGV[i]] then removed = removed + redis.call('SREM', KEYS[1], ARGV[i]) end
        end
        return removed
        """;

    private int _unavailable;

    /// <summary>
    /// The member for a number's suppression in <paramref name="program"/> (<see cref="SuppressedNumber.EveryProgram"/>
    /// for a carrier fact): the keyed hash of the number alone for the program <c>default</c>, as before programs existed
    /// (so a cache and held opt-outs written by an earlier version keep their meaning), else of the program and the number.
    /// </summary>
    public static string MemberOf(NumberProtector protector, string program, string phone)
    {
        ArgumentNullException.ThrowIfNull(protector);
        return protector.Hash(program == ProgramCatalog.DefaultProgram ? phone : $"{program}:{phone}");
    }

    /// <summary>The suppressed numbers among <paramref name="phones"/> for the program <c>default</c>.</summary>
    public Task<SuppressionCacheLookup?> TryGetSuppressedAsync(IReadOnlyList<string> phones, CancellationToken cancellationToken) =>
        TryGetSuppressedAsync(phones, ProgramCatalog.DefaultProgram, cancellationToken);

    /// <summary>
    /// The numbers among <paramref name="phones"/> the cache has as suppressed for <paramref name="program"/> (for that
    /// program or for every program), or null when Redis (or, before the secret is loaded, PostgreSQL) cannot answer.
    /// </summary>
    public async Task<SuppressionCacheLookup?> TryGetSuppressedAsync(IReadOnlyList<string> phones, string program, CancellationToken cancellationToken)
    {
        if (phones.Count == 0)
        {
            return new SuppressionCacheLookup(new HashSet<string>(), Complete: true);
        }

        try
        {
            var protector = await keys.GetAsync(cancellationToken);
            var db = redis.GetDatabase();
            var batch = db.CreateBatch();
            var ready = batch.KeyExistsAsync(ReadyKey);
            var members = batch.SetContainsAsync(NumbersKey, phones
                .SelectMany(p => new RedisValue[] { MemberOf(protector, program, p), MemberOf(protector, SuppressedNumber.EveryProgram, p) })
                .ToArray());
            batch.Execute();
            await Task.WhenAll(ready, members);
            if (Interlocked.Exchange(ref _unavailable, 0) == 1)
            {
                LogAvailableAgain(logger);
            }

            var suppressed = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < phones.Count; i++)
            {
                if (members.Result[2 * i] || members.Result[(2 * i) + 1])
                {
                    suppressed.Add(phones[i]);
                }
            }

            return new SuppressionCacheLookup(suppressed, ready.Result);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException || DependencyFailures.IsDatabaseUnavailable(ex))
        {
            if (Interlocked.Exchange(ref _unavailable, 1) == 0)
            {
                LogUnavailable(logger, ex.GetType().Name);
            }

            return null;
        }
    }

    /// <summary>
    /// Adds a number's suppression in <paramref name="program"/> (or <see cref="SuppressedNumber.EveryProgram"/>). On failure
    /// the cache is marked cold, so lookups go to PostgreSQL until rebuilt.
    /// </summary>
    public async Task AddAsync(string program, string phone, CancellationToken cancellationToken)
    {
        try
        {
            var protector = await keys.GetAsync(cancellationToken);
            await redis.GetDatabase().SetAddAsync(NumbersKey, MemberOf(protector, program, phone));
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            LogWriteFailed(logger, ex.GetType().Name);
            await TryMarkColdAsync();
        }
    }

    /// <summary>
    /// Removes a number's suppression in each of <paramref name="programs"/>, unless an opt-out of it there is still
    /// pending. A failure leaves it cached as suppressed, which errs on the safe side.
    /// </summary>
    public async Task RemoveAsync(IReadOnlyCollection<string> programs, string phone, CancellationToken cancellationToken)
    {
        try
        {
            var protector = await keys.GetAsync(cancellationToken);
            await RemoveUnlessPendingAsync(programs.Select(p => MemberOf(protector, p, phone)).ToArray());
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            LogWriteFailed(logger, ex.GetType().Name);
        }
    }

    /// <summary>Adds the hashes of many numbers (a rebuild never removes a number another request is adding).</summary>
    public async Task AddManyAsync(IEnumerable<string> hashes)
    {
        var db = redis.GetDatabase();
        foreach (var chunk in hashes.Chunk(5_000))
        {
            await db.SetAddAsync(NumbersKey, chunk.Select(h => (RedisValue)h).ToArray());
        }
    }

    /// <summary>Every member of the set: hashes, and raw numbers an older version of the service wrote.</summary>
    public async Task<IReadOnlyList<string>> GetAllAsync()
    {
        var all = new List<string>();
        await foreach (var member in redis.GetDatabase().SetScanAsync(NumbersKey, pageSize: 5_000))
        {
            all.Add(member.ToString());
        }

        return all;
    }

    /// <summary>Removes members, keeping any an opt-out still waiting in the pending inbound stream needs; returns how many went.</summary>
    public async Task<int> RemoveManyAsync(IReadOnlyCollection<string> members)
    {
        var removed = 0;
        foreach (var chunk in members.Chunk(5_000))
        {
            removed += await RemoveUnlessPendingAsync(chunk);
        }

        return removed;
    }

    /// <summary>Marks the set complete: a miss means "not suppressed" from now on.</summary>
    public Task MarkWarmAsync(DateTimeOffset rebuiltAt) => redis.GetDatabase().StringSetAsync(ReadyKey, rebuiltAt.ToString("O"));

    private async Task<int> RemoveUnlessPendingAsync(string[] members)
    {
        var arguments = new RedisValue[members.Length + 1];
        arguments[0] = HeldInboundMessages.NumberField;
        for (var i = 0; i < members.Length; i++)
        {
            arguments[i + 1] = members[i];
        }

        var result = await redis.GetDatabase().ScriptEvaluateAsync(
            RemoveUnlessPendingScript, [NumbersKey, HeldInboundMessages.StreamKey], arguments);
        return (int)result;
    }

    private async Task TryMarkColdAsync()
    {
        try
        {
            await redis.GetDatabase().KeyDeleteAsync(ReadyKey);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            LogWriteFailed(logger, ex.GetType().Name);
        }
    }

    [LoggerMessage(3, LogLevel.Information, "Suppression cache answering again")]
    private static partial void LogAvailableAgain(ILogger logger);

    [LoggerMessage(1, LogLevel.Warning, "Suppression cache unavailable ({Error}); PostgreSQL answers instead until it is back")]
    private static partial void LogUnavailable(ILogger logger, string error);

    [LoggerMessage(2, LogLevel.Warning, "Suppression cache write failed ({Error}); the cache is marked cold until the next rebuild")]
    private static partial void LogWriteFailed(ILogger logger, string error);
}
