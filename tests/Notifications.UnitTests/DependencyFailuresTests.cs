using System.Net.Sockets;
using Notifications.Core.Hosting;
using Npgsql;

namespace Notifications.UnitTests;

public sealed class DependencyFailuresTests
{
    [Theory]
    [InlineData("08006", true)] // connection failure
    [InlineData("08001", true)] // unable to connect
    [InlineData("57P01", true)] // admin shutdown (fast shutdown of the server)
    [InlineData("57P02", true)] // crash shutdown
    [InlineData("57P03", true)] // cannot connect now (starting up)
    [InlineData("57014", false)] // query cancelled
    [InlineData("23505", false)] // unique violation
    [InlineData("42P01", false)] // undefined table
    [InlineData("40001", false)] // serialization failure: a conflict, not an outage
    public void IsDatabaseUnavailable_BySqlState(string sqlState, bool expected)
    {
        var exception = new PostgresException("message", "FATAL", "FATAL", sqlState);
        Assert.Equal(expected, DependencyFailures.IsDatabaseUnavailable(exception));
        Assert.Equal(expected, DependencyFailures.IsDatabaseUnavailable(new InvalidOperationException("wrapped", exception)));
    }

    [Fact]
    public void IsDatabaseUnavailable_RefusedConnection_IsAnOutage()
    {
        var refused = new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused));
        Assert.True(DependencyFailures.IsDatabaseUnavailable(refused));
        Assert.True(DependencyFailures.IsOutage(new AggregateException(refused)));
    }

    [Fact]
    public void IsDatabaseUnavailable_OtherExceptions_AreNot()
    {
        Assert.False(DependencyFailures.IsDatabaseUnavailable(new InvalidOperationException("bug")));
        Assert.False(DependencyFailures.IsDatabaseUnavailable(new NpgsqlException("bad statement")));
        Assert.False(DependencyFailures.IsCacheUnavailable(new InvalidOperationException("bug")));
    }
}
