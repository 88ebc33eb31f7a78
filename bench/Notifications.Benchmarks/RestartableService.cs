using Notifications.Testing;

namespace Notifications.Benchmarks;

/// <summary>One of the service's programs that a benchmark can kill (SIGKILL, as a crash) and start again on the same port.</summary>
internal sealed class RestartableService(string project, int port, IDictionary<string, string> environment) : IAsyncDisposable
{
    public ServiceProcess Current { get; private set; } = BenchmarkHost.StartProject(project, port, environment);

    public Task WaitHealthyAsync() => Current.WaitHealthyAsync();

    /// <summary>Ends the process at once, as a crash would; its in-flight work is lost.</summary>
    public async Task KillAsync()
    {
        await Current.KillAsync();
        await Current.DisposeAsync();
    }

    /// <summary>Starts the program again with the same settings and port; waits until it answers <c>/health</c>.</summary>
    public async Task StartAgainAsync()
    {
        Current = BenchmarkHost.StartProject(project, port, environment);
        await Current.WaitHealthyAsync(TimeSpan.FromMinutes(3));
    }

    public ValueTask DisposeAsync() => Current.DisposeAsync();
}
