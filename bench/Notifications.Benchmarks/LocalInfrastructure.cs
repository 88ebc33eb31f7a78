using Notifications.Testing;

namespace Notifications.Benchmarks;

/// <summary>A throw-away PostgreSQL (with pg_stat_statements) and Redis for one benchmark run.</summary>
internal sealed class LocalInfrastructure : IAsyncDisposable
{
    private const string Password = "bench";
    private readonly LocalPostgres _postgres;
    private readonly LocalRedis _redis;

    private LocalInfrastructure(LocalPostgres postgres, LocalRedis redis)
    {
        _postgres = postgres;
        _redis = redis;
    }

    /// <summary>The <c>notifications</c> database, with the pool the load needs (and <c>BENCH_DB_EXTRA</c> appended).</summary>
    public string Database => _postgres.ConnectionString + ";Maximum Pool Size=100" + Environment.GetEnvironmentVariable("BENCH_DB_EXTRA");

    public string Cache => _redis.Endpoint;

    /// <summary>The PostgreSQL server, for benchmarks that stop and start it as an outage would.</summary>
    public LocalPostgres Postgres => _postgres;

    /// <summary>The Redis server, for benchmarks that stop and start it as an outage would.</summary>
    public LocalRedis Redis => _redis;

    public static async Task<LocalInfrastructure> StartAsync()
    {
        var postgres = await LocalPostgres.StartAsync(
            Password,
            "notifications-bench",
            "-c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all " + Environment.GetEnvironmentVariable("BENCH_POSTGRES_ARGS"));
        try
        {
            return new LocalInfrastructure(postgres, await LocalRedis.StartAsync());
        }
        catch
        {
            await postgres.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _redis.DisposeAsync();
        await _postgres.DisposeAsync();
    }
}
