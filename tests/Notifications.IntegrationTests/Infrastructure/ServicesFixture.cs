using Microsoft.EntityFrameworkCore;
using Notifications.Core.Data;
using Npgsql;

namespace Notifications.IntegrationTests.Infrastructure;

/// <summary>
/// A real PostgreSQL (the machine's binaries, through the same script the AppHost uses) and a real
/// Redis, on free loopback ports with throw-away data, and the schema migrated. Shared by the tests
/// of a collection; each test owns the rows it creates.
/// </summary>
public sealed class ServicesFixture : IAsyncLifetime
{
    private const string Password = "test-password";
    private LocalPostgres? _postgres;
    private LocalRedis? _redis;

    public string DatabaseConnectionString { get; private set; } = string.Empty;

    public string CacheConnectionString { get; private set; } = string.Empty;

    public int RedisPort => _redis?.Port ?? throw new InvalidOperationException("Redis has not started.");

    public async Task InitializeAsync()
    {
        var postgres = LocalPostgres.StartAsync(Password, "notifications-services");
        var redis = LocalRedis.StartAsync();
        _postgres = await postgres;
        _redis = await redis;
        DatabaseConnectionString = _postgres.ConnectionString;
        CacheConnectionString = $"{_redis.Endpoint},abortConnect=false,connectTimeout=1000,syncTimeout=1000";

        await using var db = CreateDbContext();
        await db.Database.MigrateAsync();
        await using var connection = new NpgsqlConnection(DatabaseConnectionString);
        await connection.OpenAsync();
        Hangfire.PostgreSql.PostgreSqlObjectsInstaller.Install(connection, HangfireSchema.Name);
    }

    /// <summary>Starts Redis again after <see cref="StopRedisAsync"/>, on the same port.</summary>
    public Task StartRedisAsync() => _redis!.StartAsync();

    /// <summary>Stops Redis, for tests of what happens when the cache is down.</summary>
    public Task StopRedisAsync() => _redis!.StopAsync();

    public NotificationsDbContext CreateDbContext() =>
        new(new DbContextOptionsBuilder<NotificationsDbContext>()
            .UseNpgsql(DatabaseConnectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention()
            .Options);

    public async Task DisposeAsync()
    {
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }
    }
}
