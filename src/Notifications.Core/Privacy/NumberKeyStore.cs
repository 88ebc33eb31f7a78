using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Notifications.Core.Data;

namespace Notifications.Core.Privacy;

/// <summary>
/// The process's <see cref="NumberProtector"/>: from <c>Redis:NumberHashKey</c> when set, otherwise from the
/// secret kept in PostgreSQL (created by the first process that asks, with a random 32 bytes). Loaded once and
/// kept for the life of the process (<see cref="NumberKeyWarmup"/> loads it at start-up, so that an outage of
/// PostgreSQL later does not stop the api from hashing a number).
/// </summary>
public sealed class NumberKeyStore(IOptions<NumberHashOptions> options, IServiceScopeFactory scopes, TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim _loading = new(1, 1);
    private NumberProtector? _current;

    /// <summary>The protector when loaded already, else null.</summary>
    public NumberProtector? Current => Volatile.Read(ref _current);

    /// <summary>The protector, loading it on first use (which needs PostgreSQL unless the secret is configured).</summary>
    public async ValueTask<NumberProtector> GetAsync(CancellationToken cancellationToken)
    {
        if (Current is { } current)
        {
            return current;
        }

        await _loading.WaitAsync(cancellationToken);
        try
        {
            if (Current is { } loaded)
            {
                return loaded;
            }

            var protector = new NumberProtector(options.Value.ConfiguredSecret() ?? await LoadSharedSecretAsync(cancellationToken));
            Volatile.Write(ref _current, protector);
            return protector;
        }
        finally
        {
            _loading.Release();
        }
    }

    public void Dispose() => _loading.Dispose();

    private async Task<byte[]> LoadSharedSecretAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationsDbContext>();
        var existing = await ReadAsync(db, cancellationToken);
        if (existing is not null)
        {
            return existing;
        }

        // Two processes starting together may both get here: the first insert wins and both read its row.
        var secret = RandomNumberGenerator.GetBytes(NumberProtector.MinimumSecretBytes);
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO number_hash_keys (id, secret, created_at) VALUES ({NumberHashKey.SingleId}, {secret}, {time.GetUtcNow()})
            ON CONFLICT (id) DO NOTHING
            """, cancellationToken);
        return await ReadAsync(db, cancellationToken)
            ?? throw new InvalidOperationException("The number hash secret could not be stored in PostgreSQL.");
    }

    private static async Task<byte[]?> ReadAsync(NotificationsDbContext db, CancellationToken cancellationToken) =>
        await db.NumberHashKeys.AsNoTracking()
            .Where(k => k.Id == NumberHashKey.SingleId)
            .Select(k => k.Secret)
            .FirstOrDefaultAsync(cancellationToken);
}
