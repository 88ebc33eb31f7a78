using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Notifications.Core.Suppression;

/// <summary>
/// The active suppression list cached in Redis as one set, with a marker saying the set is complete
/// (rebuilt from PostgreSQL). A batch lookup is one round trip. Every failure here is reported as
/// "unknown" so that callers fall back to PostgreSQL; nothing here can make a number sendable.
/// An outage of Redis is logged once when lookups start failing and once when they work again, not per lookup.
/// </summary>
public sealed partial class SuppressionCache(IConnectionMultiplexer redis, ILogger<SuppressionCache> logger)
{
    internal const string NumbersKey = "suppression:numbers";
    internal const string ReadyKey = "suppression:ready";

    private int _unavailable;

    /// <summary>
    /// The suppressed numbers among <paramref name="phones"/>, or null when the cache is cold or
    /// Redis cannot answer (the caller then asks PostgreSQL).
    /// </summary>
    public async Task<IReadOnlySet<string>?> TryGetSuppressedAsync(IReadOnlyList<string> phones)
    {
        if (phones.Count == 0)
        {
            return new HashSet<string>();
        }

        try
        {
            var db = redis.GetDatabase();
            var batch = db.CreateBatch();
            var ready = batch.KeyExistsAsync(ReadyKey);
            var members = batch.SetContainsAsync(NumbersKey, phones.Select(p => (RedisValue)p).ToArray());
            batch.Execute();
            await Task.WhenAll(ready, members);
            if (Interlocked.Exchange(ref _unavailable, 0) == 1)
            {
                LogAvailableAgain(logger);
            }

            if (!ready.Result)
            {
                return null;
            }

            var suppressed = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < phones.Count; i++)
            {
                if (members.Result[i])
                {
                    suppressed.Add(phones[i]);
                }
            }

            return suppressed;
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            if (Interlocked.Exchange(ref _unavailable, 1) == 0)
            {
                LogUnavailable(logger, ex.GetType().Name);
            }

            return null;
        }
    }

    /// <summary>Adds a number. On failure the cache is marked cold, so lookups go to PostgreSQL until rebuilt.</summary>
    public async Task AddAsync(string phone)
    {
        try
        {
            await redis.GetDatabase().SetAddAsync(NumbersKey, phone);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            LogWriteFailed(logger, ex.GetType().Name);
            await TryMarkColdAsync();
        }
    }

    /// <summary>Removes a number. A failure leaves it cached as suppressed, which errs on the safe side.</summary>
    public async Task RemoveAsync(string phone)
    {
        try
        {
            await redis.GetDatabase().SetRemoveAsync(NumbersKey, phone);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException or ObjectDisposedException)
        {
            LogWriteFailed(logger, ex.GetType().Name);
        }
    }

    /// <summary>Adds many numbers (a rebuild never removes a number another request is adding).</summary>
    public async Task AddManyAsync(IEnumerable<string> phones)
    {
        var db = redis.GetDatabase();
        foreach (var chunk in phones.Chunk(5_000))
        {
            await db.SetAddAsync(NumbersKey, chunk.Select(p => (RedisValue)p).ToArray());
        }
    }

    public async Task<IReadOnlyList<string>> GetAllAsync()
    {
        var all = new List<string>();
        await foreach (var member in redis.GetDatabase().SetScanAsync(NumbersKey, pageSize: 5_000))
        {
            all.Add(member.ToString());
        }

        return all;
    }

    public async Task RemoveManyAsync(IReadOnlyCollection<string> phones)
    {
        if (phones.Count > 0)
        {
            await redis.GetDatabase().SetRemoveAsync(NumbersKey, phones.Select(p => (RedisValue)p).ToArray());
        }
    }

    /// <summary>Marks the set complete: lookups may answer from it from now on.</summary>
    public Task MarkWarmAsync(DateTimeOffset rebuiltAt) => redis.GetDatabase().StringSetAsync(ReadyKey, rebuiltAt.ToString("O"));

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
