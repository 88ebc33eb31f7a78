using System.Diagnostics;
using Npgsql;

namespace Notifications.Benchmarks;

/// <summary>A throw-away PostgreSQL (with pg_stat_statements) and Redis for one benchmark run.</summary>
internal sealed class LocalInfrastructure : IAsyncDisposable
{
    private const string Password = "bench";
    private readonly string _dataPath = Path.Combine("/tmp", $"notifications-bench-{Guid.NewGuid():N}");
    private Process? _postgres;
    private Process? _redis;

    public string Database { get; private set; } = string.Empty;

    public string Cache { get; private set; } = string.Empty;

    public static async Task<LocalInfrastructure> StartAsync()
    {
        var infrastructure = new LocalInfrastructure();
        Directory.CreateDirectory(infrastructure._dataPath);
        var pgPort = LoopbackPorts.Free();
        var redisPort = LoopbackPorts.Free();
        var postgres = new ProcessStartInfo("bash") { RedirectStandardError = true, RedirectStandardOutput = true };
        postgres.ArgumentList.Add(Path.Combine(BenchmarkHost.Root, "Notifications.AppHost", "Infrastructure", "run-postgres.sh"));
        postgres.ArgumentList.Add(Path.Combine(infrastructure._dataPath, "postgres"));
        postgres.ArgumentList.Add(pgPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        postgres.Environment["POSTGRES_PASSWORD"] = Password;
        postgres.Environment["POSTGRES_EXTRA_ARGS"] = "-c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all " + (Environment.GetEnvironmentVariable("BENCH_POSTGRES_ARGS") ?? string.Empty);
        infrastructure._postgres = Process.Start(postgres)!;
        infrastructure._redis = Process.Start(new ProcessStartInfo("redis-server", $"--port {redisPort} --bind 127.0.0.1 --save \"\" --appendonly no")
        {
            RedirectStandardOutput = true,
        })!;
        infrastructure.Database = $"Host=127.0.0.1;Port={pgPort};Username=postgres;Password={Password};Database=notifications;Maximum Pool Size=100" + Environment.GetEnvironmentVariable("BENCH_DB_EXTRA");
        infrastructure.Cache = $"127.0.0.1:{redisPort}";

        var admin = infrastructure.Database.Replace("Database=notifications", "Database=postgres", StringComparison.Ordinal);
        for (var i = 0; ; i++)
        {
            try
            {
                await using var connection = new NpgsqlConnection(admin);
                await connection.OpenAsync();
                break;
            }
            catch (NpgsqlException) when (i < 300)
            {
                await Task.Delay(100);
            }
        }

        return infrastructure;
    }

    public async ValueTask DisposeAsync()
    {
        _redis?.Kill();
        if (_postgres is { HasExited: false })
        {
            using var kill = Process.Start("kill", ["-TERM", _postgres.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
            await _postgres.WaitForExitAsync();
        }

        try
        {
            Directory.Delete(_dataPath, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
