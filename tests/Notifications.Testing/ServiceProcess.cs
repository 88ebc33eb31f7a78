using System.Diagnostics;
using System.Globalization;

namespace Notifications.Testing;

/// <summary>
/// One of the service's own programs (api, worker, simulator, migrations), run from its build
/// output as a real process on a loopback port.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    /// <summary>How long a program gets to answer <c>/health</c>.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly ChildProcess _process;
    private readonly string _project;

    private ServiceProcess(string project, ChildProcess process, int port)
    {
        _project = project;
        _process = process;
        Port = port;
        BaseUrl = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
    }

    public int Port { get; }

    public Uri BaseUrl { get; }

    /// <summary>The running program, for its id, exit code and processor time.</summary>
    public Process Process => _process.Process;

    /// <summary>The last lines it wrote.</summary>
    public string Output => _process.Output;

    /// <summary>The file holding everything it wrote.</summary>
    public string LogPath => _process.LogPath;

    /// <summary>
    /// Starts <paramref name="project"/> (built in the configuration of the caller) without waiting for it.
    /// <c>ASPNETCORE_ENVIRONMENT</c> is Development unless <paramref name="environment"/> says otherwise.
    /// </summary>
    /// <param name="port">The port it listens on: a free one when null.</param>
    /// <param name="echoErrors">Also write each line of its standard error to the console's, prefixed with the project.</param>
    public static ServiceProcess Start(string project, IDictionary<string, string> environment, int? port = null, bool echoErrors = false) =>
        Launch(project, environment, port, null, echoErrors ? line => Console.Error.WriteLine($"[{project}] {line}") : null);

    /// <summary>
    /// Starts <paramref name="project"/> without waiting for it, handing each line it writes (standard
    /// output and error) to <paramref name="onLine"/>, however many: for tests that read all of its log.
    /// </summary>
    public static ServiceProcess StartCapturing(string project, IDictionary<string, string> environment, Action<string> onLine, int? port = null)
    {
        ArgumentNullException.ThrowIfNull(onLine);
        return Launch(project, environment, port, onLine, onLine);
    }

    /// <summary>
    /// Starts a build of the api, worker or simulator from another output folder (another commit's build, for a
    /// side-by-side benchmark) without waiting for it; its content root is <paramref name="contentRoot"/>.
    /// </summary>
    public static ServiceProcess StartAssembly(string assembly, string contentRoot, IDictionary<string, string> environment, int? port = null)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return Launch(Path.GetFileNameWithoutExtension(assembly), environment, port, null, null, assembly, contentRoot);
    }

    private static ServiceProcess Launch(
        string project, IDictionary<string, string> environment, int? port, Action<string>? onOutputLine, Action<string>? onErrorLine,
        string? assembly = null, string? contentRoot = null)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var listenPort = port ?? LoopbackPorts.Free();
        var variables = new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development" };
        foreach (var (key, value) in environment)
        {
            variables[key] = value;
        }

        var process = ChildProcess.Start(
            "dotnet",
            $"{project.Replace("Notifications.", string.Empty, StringComparison.Ordinal).ToLowerInvariant()}-{listenPort.ToString(CultureInfo.InvariantCulture)}",
            [
                assembly ?? RepositoryPaths.ProjectAssembly(project),
                $"--urls=http://127.0.0.1:{listenPort.ToString(CultureInfo.InvariantCulture)}",
                $"--contentRoot={contentRoot ?? RepositoryPaths.ProjectFolder(project)}",
            ],
            variables,
            contentRoot ?? RepositoryPaths.ProjectFolder(project),
            onErrorLine,
            onOutputLine);
        return new ServiceProcess(project, process, listenPort);
    }

    /// <summary>Whether the program has ended (by itself or killed).</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Starts <paramref name="project"/> and waits until it answers <c>/health</c>.</summary>
    public static async Task<ServiceProcess> StartAsync(string project, IDictionary<string, string> environment, int? port = null)
    {
        var service = Start(project, environment, port);
        try
        {
            await service.WaitHealthyAsync();
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }

        return service;
    }

    /// <summary>Waits until the program answers <c>/health</c>; fails at once if it exits.</summary>
    public async Task WaitHealthyAsync(TimeSpan? timeout = null)
    {
        using var client = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            await Eventually.UntilAsync(
                async () =>
                {
                    if (_process.HasExited)
                    {
                        throw new InvalidOperationException($"{_project} exited with {Process.ExitCode}:{Environment.NewLine}{Output}");
                    }

                    using var response = await client.GetAsync(new Uri("/health", UriKind.Relative));
                    return response.IsSuccessStatusCode;
                },
                $"{_project} to answer /health on {BaseUrl}",
                timeout ?? StartTimeout,
                retryOn: ex => ex is HttpRequestException or TaskCanceledException);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message}{Environment.NewLine}{Output}", ex);
        }
    }

    /// <summary>Waits until the program ends by itself (a run-once program); returns its exit code.</summary>
    public async Task<int> WaitForExitAsync()
    {
        await Process.WaitForExitAsync();
        return Process.ExitCode;
    }

    /// <summary>Ends the process at once (SIGKILL), as a crash would.</summary>
    public Task KillAsync() => _process.KillAsync();

    /// <summary>Asks the program to stop (SIGTERM), as its orchestrator would, and waits until it has, or until <paramref name="timeout"/> passed.</summary>
    public Task TerminateAsync(TimeSpan timeout) => _process.TerminateAsync(timeout);

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
