using System.Collections.Concurrent;
using System.Diagnostics;

namespace Notifications.IntegrationTests.Infrastructure;

/// <summary>One of the service's own programs, run as a real process on a free loopback port.</summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ServiceProcess(Process process, Uri baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
        process.OutputDataReceived += (_, e) => Capture(e.Data);
        process.ErrorDataReceived += (_, e) => Capture(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri BaseUrl { get; }

    public int ProcessId => _process.Id;

    public string Output => string.Join(Environment.NewLine, _output);

    /// <summary>Starts <paramref name="project"/> (its assembly is next to the tests) and waits for <c>/health</c>.</summary>
    public static async Task<ServiceProcess> StartAsync(string project, IDictionary<string, string> environment, int? port = null)
    {
        port ??= LoopbackPorts.Free();
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.Combine(RepositoryPaths.Root, "src", project),
        };
        startInfo.ArgumentList.Add(RepositoryPaths.ProjectAssembly(project));
        startInfo.ArgumentList.Add($"--urls=http://127.0.0.1:{port}");
        startInfo.ArgumentList.Add($"--contentRoot={Path.Combine(RepositoryPaths.Root, "src", project)}");
        startInfo.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        startInfo.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        foreach (var (key, value) in environment)
        {
            startInfo.Environment[key] = value;
        }

        var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {project}.");
        var service = new ServiceProcess(process, new Uri($"http://127.0.0.1:{port}"));
        await service.WaitHealthyAsync(project);
        return service;
    }

    private async Task WaitHealthyAsync(string project)
    {
        using var client = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{project} exited with {_process.ExitCode}:{Environment.NewLine}{Output}");
            }

            try
            {
                var response = await client.GetAsync(new Uri("/health", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{project} did not become healthy within 60 s:{Environment.NewLine}{Output}");
    }

    /// <summary>Ends the process at once (SIGKILL), as a crash would.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private void Capture(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 2000 && _output.TryDequeue(out _))
        {
        }
    }
}
