using System.Net.Sockets;
using Npgsql;
using StackExchange.Redis;

namespace Notifications.Core.Hosting;

/// <summary>
/// Tells an outage of PostgreSQL or Redis (the server down, restarting or unreachable) from a defect:
/// an outage is waited out, a defect is reported. The exception and every inner exception are looked at,
/// since EF Core, Hangfire and the SDKs wrap the driver's exception in their own.
/// </summary>
public static class DependencyFailures
{
    /// <summary>
    /// True when <paramref name="exception"/> says PostgreSQL cannot be reached: a refused or broken
    /// connection, a timeout, an <see cref="NpgsqlException"/> Npgsql calls transient, or a
    /// <see cref="PostgresException"/> of class 08 (connection exception) or 57P01-57P05 (the server
    /// shutting down, crashed, starting up or unreachable).
    /// A constraint violation or a syntax error is not an outage.
    /// </summary>
    public static bool IsDatabaseUnavailable(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case PostgresException postgres:
                    return postgres.SqlState.StartsWith("08", StringComparison.Ordinal)
                        || postgres.SqlState.StartsWith("57P0", StringComparison.Ordinal);
                case NpgsqlException npgsql when npgsql.IsTransient || npgsql.InnerException is SocketException or IOException or TimeoutException:
                    return true;
                case SocketException:
                    return true;
            }
        }

        return false;
    }

    /// <summary>True when <paramref name="exception"/> says Redis cannot answer (down, unreachable or too slow).</summary>
    public static bool IsCacheUnavailable(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is RedisConnectionException or RedisTimeoutException)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Either outage: what a background loop waits out rather than reports as a defect.</summary>
    public static bool IsOutage(Exception exception) => IsDatabaseUnavailable(exception) || IsCacheUnavailable(exception);
}
