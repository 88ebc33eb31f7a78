using Notifications.Core.Data;
using Npgsql;

namespace Notifications.UnitTests;

public sealed class ConnectionStringTests
{
    [Fact]
    public void Statements_are_auto_prepared_by_default()
    {
        var result = new NpgsqlConnectionStringBuilder(DataHostingExtensions.WithAutoPrepare("Host=db;Database=notifications;Username=app"));

        Assert.Equal(64, result.MaxAutoPrepare);
        Assert.Equal("db", result.Host);
        Assert.Equal("notifications", result.Database);
    }

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=0", 0)]
    [InlineData("Host=db;max auto prepare=10", 10)]
    [InlineData("Host=db;MaxAutoPrepare=5", 5)]
    public void A_setting_in_the_connection_string_wins(string connectionString, int expected)
    {
        var result = DataHostingExtensions.WithAutoPrepare(connectionString);

        Assert.Equal(connectionString, result);
        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(result).MaxAutoPrepare);
    }
}
