using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Notifications.IntegrationTests.Infrastructure;

/// <summary>The whole AppHost in local infrastructure mode, started once for a test class.</summary>
public class AppHostFixture : IAsyncLifetime
{
    /// <summary>How long the whole AppHost gets to start (a first start on a busy two-core machine builds nothing but starts five programs).</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(180);

    private readonly string _dataPath = RepositoryPaths.NewTempDirectory("notifications-apphost");
    private DistributedApplication? _app;

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The AppHost has not started.");

    /// <summary>The file holding the AppHost's log and every resource's output.</summary>
    public string? LogPath { get; private set; }

    public async Task InitializeAsync()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Notifications_AppHost>(
            ["Infrastructure:Mode=local", $"Infrastructure:DataPath={_dataPath}"],
            (options, _) => options.DisableDashboard = true);
        builder.WithoutOtlpExport();
        var log = ProgramLogs.Create($"apphost-{GetType().Name}");
        LogPath = log.Path;
        builder.Services.AddLogging(logging => logging.ClearProviders().AddProvider(new ProgramLogLoggerProvider(log)));
        if (!KeepsDefaultSendWindows)
        {
            var worker = builder.CreateResourceBuilder<ProjectResource>("worker");
            foreach (var (name, value) in ServiceEnvironment.AnyHour)
            {
                worker.WithEnvironment(name, value);
            }
        }

        Configure(builder);

        _app = await builder.BuildAsync();
        using var cts = new CancellationTokenSource(StartTimeout);
        try
        {
            await _app.StartAsync(cts.Token);
        }
        catch (OperationCanceledException ex) when (cts.IsCancellationRequested)
        {
            throw new TimeoutException($"The AppHost did not start within {StartTimeout.TotalSeconds} s; its log and every resource's output: {LogPath}", ex);
        }
    }

    /// <summary>
    /// Whether the worker keeps the default send windows and frequency caps; otherwise it gets
    /// <see cref="ServiceEnvironment.AnyHour"/>, so that no test depends on the hour the suite runs at.
    /// </summary>
    protected virtual bool KeepsDefaultSendWindows => false;

    /// <summary>Adjusts the resource graph before it starts (settings, replicas).</summary>
    protected virtual void Configure(IDistributedApplicationTestingBuilder builder)
    {
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        Directory.Delete(_dataPath, recursive: true);
    }
}
