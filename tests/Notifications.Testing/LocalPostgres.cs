using System.Globalization;
using Npgsql;

namespace Notifications.Testing;

/// <summary>
/// The machine's PostgreSQL, started through the same script the AppHost uses, on a free loopback
/// port with a throw-away data folder; ready to accept connections once started.
/// </summary>
public sealed class LocalPostgres : IAsyncDisposable
{
    /// <summary>How long PostgreSQL gets to accept connections (initdb included).</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly string _dataPath;
    private readonly string _password;
    private readonly string? _extraArguments;
    private ChildProcess _process;

    private LocalPostgres(ChildProcess process, string dataPath, int port, string password, string? extraArguments = null)
    {
        _process = process;
        _dataPath = dataPath;
        _password = password;
        _extraArguments = extraArguments;
        Port = port;
        ConnectionString = $"Host=127.0.0.1;Port={port.ToString(CultureInfo.InvariantCulture)};Username=postgres;Password={password};Database=notifications";
    }

    public int Port { get; }

    /// <summary>The connection string of the <c>notifications</c> database (created by the migrations).</summary>
    public string ConnectionString { get; }

    /// <summary>
    /// Starts PostgreSQL with its data in a new folder under /tmp (deleted on dispose) and waits until
    /// it accepts connections.
    /// </summary>
    /// <param name="password">The postgres user's password, set at initdb.</param>
    /// <param name="dataFolderPrefix">The data folder's name before its unique suffix.</param>
    /// <param name="extraArguments">More server options (<c>-c name=value ...</c>).</param>
    public static async Task<LocalPostgres> StartAsync(string password, string dataFolderPrefix = "notifications-postgres", string? extraArguments = null)
    {
        var dataPath = RepositoryPaths.NewTempDirectory(dataFolderPrefix);
        var port = LoopbackPorts.Free();
        var postgres = new LocalPostgres(StartServer(dataPath, port, password, extraArguments), dataPath, port, password, extraArguments);
        try
        {
            await postgres.WaitAcceptingAsync();
        }
        catch
        {
            await postgres.DisposeAsync();
            throw;
        }

        return postgres;
    }

    /// <summary>Stops PostgreSQL (fast shutdown: open sessions are ended), keeping its data, as an outage would.</summary>
    public Task StopAsync() => _process.TerminateAsync(TimeSpan.FromSeconds(15));

    /// <summary>Starts PostgreSQL again after <see cref="StopAsync"/>, on the same port and data; waits until it accepts connections.</summary>
    public async Task StartAgainAsync()
    {
        if (!_process.HasExited)
        {
            return;
        }

        await _process.DisposeAsync();
        _process = StartServer(_dataPath, Port, _password, _extraArguments);
        await WaitAcceptingAsync();
    }

    private static ChildProcess StartServer(string dataPath, int port, string password, string? extraArguments)
    {
        var environment = new Dictionary<string, string> { ["POSTGRES_PASSWORD"] = password };
        if (!string.IsNullOrWhiteSpace(extraArguments))
        {
            environment["POSTGRES_EXTRA_ARGS"] = extraArguments;
        }

        return ChildProcess.Start("bash", $"postgres-{port.ToString(CultureInfo.InvariantCulture)}", [RepositoryPaths.PostgresScript, Path.Combine(dataPath, "postgres"), port.ToString(CultureInfo.InvariantCulture)], environment);
    }

    private async Task WaitAcceptingAsync()
    {
        var process = _process;
        var admin = new NpgsqlConnectionStringBuilder(ConnectionString) { Database = "postgres", Pooling = false }.ConnectionString;
        await Eventually.SucceedsAsync(
            async () =>
            {
                if (process.HasExited)
                {
                    throw new InvalidOperationException($"PostgreSQL exited with {process.Process.ExitCode}:{Environment.NewLine}{process.Output}");
                }

                await using var connection = new NpgsqlConnection(admin);
                await connection.OpenAsync();
            },
            $"PostgreSQL to accept connections on port {Port}",
            StartTimeout,
            retryOn: ex => ex is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException);
    }

    /// <summary>Stops PostgreSQL: SIGTERM, which the script turns into PostgreSQL's fast shutdown.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _process.TerminateAsync(TimeSpan.FromSeconds(15));
        }
        finally
        {
            await _process.DisposeAsync();
            DeleteQuietly(_dataPath);
        }
    }

    internal static void DeleteQuietly(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
            // A server's last files may still be going away; /tmp is cleaned eventually.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
