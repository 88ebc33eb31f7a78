using Notifications.Testing;

namespace Notifications.Benchmarks;

/// <summary>
/// A throw-away PostgreSQL (with pg_stat_statements) and Redis for one benchmark run. PostgreSQL gets the memory a
/// small production server is given (<see cref="ServerSettings"/>) rather than its built-in defaults, which are sized to
/// start anywhere: 128 MB of shared buffers is smaller than the unique index on random SIDs alone at 10 million messages,
/// and the send path writes a random page of it per message (docs/deployment.md, "PostgreSQL's memory").
/// </summary>
internal sealed class LocalInfrastructure : IAsyncDisposable
{
    private const string Password = "bench";

    /// <summary>What the benchmark changes from PostgreSQL's defaults (docs/deployment.md recommends the same); <c>BENCH_POSTGRES_ARGS</c> comes after, and wins.</summary>
    public const string ServerSettings = "-c shared_buffers=1GB -c max_wal_size=4GB";
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
            $"-c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all {ServerSettings} {Environment.GetEnvironmentVariable("BENCH_POSTGRES_ARGS")}");
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
