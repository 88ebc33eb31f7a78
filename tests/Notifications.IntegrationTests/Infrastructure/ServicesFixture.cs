using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Notifications.Core.Data;
using Npgsql;
using StackExchange.Redis;

namespace Notifications.IntegrationTests.Infrastructure;

/// <summary>
/// A real PostgreSQL (the machine's binaries, through the same script the AppHost uses) and a real
/// Redis, on free loopback ports with throw-away data, and the schema migrated. Shared by the tests
/// of a collection; each test owns the rows it creates.
/// </summary>
public sealed class ServicesFixture : IAsyncLifetime
{
    private const string Password = "test-password";
    private readonly string _dataPath = RepositoryPaths.NewTempDirectory("notifications-services");
    private Process? _postgres;
    private Process? _redis;

    public string DatabaseConnectionString { get; private set; } = string.Empty;

    public string CacheConnectionString { get; private set; } = string.Empty;

    public int RedisPort { get; private set; }

    public async Task InitializeAsync()
    {
        var postgresPort = LoopbackPorts.Free();
        _postgres = Start("bash", [RepositoryPaths.PostgresScript, Path.Combine(_dataPath, "postgres"), Invariant(postgresPort)],
            new Dictionary<string, string> { ["POSTGRES_PASSWORD"] = Password });
        DatabaseConnectionString = $"Host=127.0.0.1;Port={postgresPort};Username=postgres;Password={Password};Database=notifications";

        await StartRedisAsync(LoopbackPorts.Free());

        await WaitUntilAsync(async () =>
        {
            await using var connection = new NpgsqlConnection(DatabaseConnectionString.Replace("Database=notifications", "Database=postgres", StringComparison.Ordinal));
            await connection.OpenAsync();
        }, "PostgreSQL");

        await using var db = CreateDbContext();
        await db.Database.MigrateAsync();
        await using (var connection = new NpgsqlConnection(DatabaseConnectionString))
        {
            await connection.OpenAsync();
            Hangfire.PostgreSql.PostgreSqlObjectsInstaller.Install(connection, HangfireSchema.Name);
        }
    }

    /// <summary>Starts (or restarts, after <see cref="StopRedisAsync"/>) Redis on the same port.</summary>
    public async Task StartRedisAsync(int? port = null)
    {
        RedisPort = port ?? RedisPort;
        _redis = Start("redis-server", ["--port", Invariant(RedisPort), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], []);
        CacheConnectionString = $"127.0.0.1:{RedisPort},abortConnect=false,connectTimeout=1000,syncTimeout=1000";
        await WaitUntilAsync(async () =>
        {
            await using var redis = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{RedisPort},abortConnect=true,connectTimeout=500");
            await redis.GetDatabase().PingAsync();
        }, "Redis");
    }

    /// <summary>Stops Redis, for tests of what happens when the cache is down.</summary>
    public async Task StopRedisAsync()
    {
        if (_redis is { HasExited: false })
        {
            _redis.Kill();
            await _redis.WaitForExitAsync();
        }
    }

    public NotificationsDbContext CreateDbContext() =>
        new(new DbContextOptionsBuilder<NotificationsDbContext>()
            .UseNpgsql(DatabaseConnectionString, npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .UseSnakeCaseNamingConvention()
            .Options);

    public async Task DisposeAsync()
    {
        await StopRedisAsync();
        if (_postgres is { HasExited: false })
        {
            // SIGTERM: the script turns it into PostgreSQL's fast shutdown.
            using (var kill = Process.Start("kill", ["-TERM", Invariant(_postgres.Id)]))
            {
                await kill.WaitForExitAsync();
            }

            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await _postgres.WaitForExitAsync(cts.Token);
        }

        Directory.Delete(_dataPath, recursive: true);
    }

    private static Process Start(string command, string[] arguments, Dictionary<string, string> environment)
    {
        var startInfo = new ProcessStartInfo(command)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            startInfo.Environment[key] = value;
        }

        var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {command}.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task WaitUntilAsync(Func<Task> probe, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                await probe();
                return;
            }
            catch (Exception) when (deadline.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(100);
            }
            catch (Exception ex)
            {
                throw new InvalidOperationException($"{what} did not become ready within 60 s.", ex);
            }
        }
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
