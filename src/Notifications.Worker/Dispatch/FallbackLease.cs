using Notifications.Core.Hosting;
using Notifications.Core.Messages;
using Npgsql;

namespace Notifications.Worker.Dispatch;

/// <summary>
/// A fallback email job's hold on its message: a session advisory lock on the message (so two jobs for
/// the same message never work at once; the lock goes with the connection if the process dies) and the
/// lease <c>fallback_claimed_at</c>, renewed every third of <see cref="DispatchOptions.FallbackLease"/>,
/// so that the dispatcher hands the fallback to a new job only once this one is gone.
/// </summary>
public sealed partial class FallbackLease : IAsyncDisposable
{
    private const long KeySpace = 0x46616C6C; // keeps these locks apart from the recovery sweep's
    private readonly NpgsqlConnection _connection;
    private readonly long _key;
    private readonly CancellationTokenSource _stop = new();
    private Task _renewals = Task.CompletedTask;

    private FallbackLease(NpgsqlConnection connection, long key)
    {
        _connection = connection;
        _key = key;
    }

    /// <summary>Takes the lease of <paramref name="messageId"/>'s fallback, or null when another job holds it.</summary>
    public static async Task<FallbackLease?> TryTakeAsync(
        NpgsqlDataSource dataSource, Guid messageId, TimeSpan lease, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var key = KeySpace ^ BitConverter.ToInt64(messageId.ToByteArray(), 8);
        await using (var tryLock = new NpgsqlCommand("SELECT pg_try_advisory_lock($1)", connection) { Parameters = { new() { Value = key } } })
        {
            if (await tryLock.ExecuteScalarAsync(cancellationToken) is not true)
            {
                await connection.DisposeAsync();
                return null;
            }
        }

        var held = new FallbackLease(connection, key);
        if (await held.RenewAsync(messageId, time, cancellationToken) == 0)
        {
            await held.DisposeAsync();
            return null; // sent, or settled otherwise, meanwhile
        }

        held._renewals = held.KeepRenewingAsync(messageId, lease / 3, time, logger, held._stop.Token);
        return held;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _renewals;
        _stop.Dispose();
        try
        {
            if (_connection.FullState == System.Data.ConnectionState.Open)
            {
                await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock($1)", _connection) { Parameters = { new() { Value = _key } } };
                await unlock.ExecuteScalarAsync(CancellationToken.None);
            }
        }
        catch (Exception ex) when (DependencyFailures.IsDatabaseUnavailable(ex))
        {
            // The connection broke (a database restart): the session lock went with it, nothing is left to release.
        }
        finally
        {
            await _connection.DisposeAsync();
        }
    }

    /// <summary>Renews the lease while the fallback is still to be sent; returns 0 when it no longer is.</summary>
    private async Task<int> RenewAsync(Guid messageId, TimeProvider time, CancellationToken cancellationToken)
    {
        await using var renew = new NpgsqlCommand(
            "UPDATE messages SET fallback_claimed_at = $2 WHERE id = $1 AND fallback_status = ANY($3) AND fallback_provider_id IS NULL", _connection);
        renew.Parameters.Add(new() { Value = messageId });
        renew.Parameters.Add(new() { Value = time.GetUtcNow() });
        renew.Parameters.Add(new() { Value = MessageTransitions.From(FallbackTrigger.Send) });
        return await renew.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task KeepRenewingAsync(Guid messageId, TimeSpan interval, TimeProvider time, ILogger logger, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                try
                {
                    await RenewAsync(messageId, time, stop);
                }
                catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
                {
                    LogRenewalFailed(logger, messageId, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "Renewing the fallback lease of message {MessageId} failed; trying again at the next tick")]
    private static partial void LogRenewalFailed(ILogger logger, Guid messageId, Exception exception);
}
