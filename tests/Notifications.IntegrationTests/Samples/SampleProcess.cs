using System.Globalization;

namespace Notifications.IntegrationTests.Samples;

/// <summary>
/// A sample app (samples/&lt;name&gt;) run from its build output as a real process on a loopback port, in Development,
/// with its build output as content root (its appsettings.json is there).
/// </summary>
public sealed class SampleProcess : IAsyncDisposable
{
    private readonly ChildProcess _process;
    private readonly string _name;

    private SampleProcess(string name, ChildProcess process, int port)
    {
        _name = name;
        _process = process;
        BaseUrl = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
    }

    public Uri BaseUrl { get; }

    /// <summary>The last lines it wrote.</summary>
    public string Output => _process.Output;

    public static SampleProcess Start(string name, IDictionary<string, string> environment)
    {
        // Built in the same configuration and target framework as these tests (the AppHost references it).
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var output = Path.Combine(RepositoryPaths.Root, "samples", name, "bin", testOutput.Parent!.Name, testOutput.Name);
        var port = LoopbackPorts.Free();
        var variables = new Dictionary<string, string>(environment) { ["ASPNETCORE_ENVIRONMENT"] = "Development" };
        var process = ChildProcess.Start(
            "dotnet",
            $"{name.ToLowerInvariant()}-{port.ToString(CultureInfo.InvariantCulture)}",
            [Path.Combine(output, $"{name}.dll"), $"--urls={new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}")}", $"--contentRoot={output}"],
            variables,
            output);
        return new SampleProcess(name, process, port);
    }

    /// <summary>Waits until the sample answers <c>/health</c>; fails at once if it exits.</summary>
    public async Task WaitHealthyAsync()
    {
        using var client = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(2) };
        await Eventually.UntilAsync(
            async () =>
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"{_name} exited with {_process.Process.ExitCode}:{Environment.NewLine}{Output}");
                }

                using var response = await client.GetAsync(new Uri("/health", UriKind.Relative));
                return response.IsSuccessStatusCode;
            },
            $"{_name} to answer /health on {BaseUrl}",
            ServiceProcess.StartTimeout,
            retryOn: ex => ex is HttpRequestException or TaskCanceledException);
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
