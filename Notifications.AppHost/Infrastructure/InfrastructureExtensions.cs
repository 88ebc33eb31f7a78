using System.Diagnostics;

namespace Notifications.AppHost.Infrastructure;

internal static class InfrastructureExtensions
{
    public const string ModeKey = "Infrastructure:Mode";
    public const string DatabaseName = "notifications";
    public const string CacheName = "cache";

    /// <summary>
    /// Adds <c>postgres</c> (with database <c>notifications</c>) and <c>cache</c>, as containers or
    /// as local processes depending on <c>Infrastructure:Mode</c>. Both modes hand the projects
    /// connection strings named <c>notifications</c> and <c>cache</c>. When publishing a deployable
    /// description (<see cref="PublishedInfrastructure"/>), those two connection strings are inputs the
    /// deployment supplies instead.
    /// </summary>
    public static NotificationsInfrastructure AddNotificationsInfrastructure(this IDistributedApplicationBuilder builder)
    {
        if (builder.ExecutionContext.IsPublishMode)
        {
            return builder.AddPublishedInfrastructure();
        }

        var mode = ResolveMode(builder.Configuration[ModeKey]);
        if (mode == InfrastructureMode.Containers)
        {
            var postgres = builder.AddPostgres("postgres").WithDataVolume();
            return new NotificationsInfrastructure(
                postgres.AddDatabase(DatabaseName),
                builder.AddRedis(CacheName));
        }

        var settings = LocalInfrastructureSettings.From(builder);
        return new NotificationsInfrastructure(
            builder.AddLocalPostgres("postgres", settings).AddDatabase(DatabaseName),
            builder.AddLocalRedis(CacheName, settings));
    }

    /// <summary>Parses the configured mode; <c>auto</c> probes for a container runtime.</summary>
    internal static InfrastructureMode ResolveMode(string? configured)
    {
        if (!Enum.TryParse<InfrastructureMode>(string.IsNullOrWhiteSpace(configured) ? "auto" : configured, ignoreCase: true, out var mode)
            || !Enum.IsDefined(mode))
        {
            throw new InvalidOperationException(
                $"{ModeKey} has the unknown value '{configured}'. Use 'auto', 'containers' or 'local'.");
        }

        return mode == InfrastructureMode.Auto
            ? (ContainerRuntimeAnswers() ? InfrastructureMode.Containers : InfrastructureMode.Local)
            : mode;
    }

    private static bool ContainerRuntimeAnswers()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("docker", "info")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            if (process is null)
            {
                return false;
            }

            if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                process.Kill(entireProcessTree: true);
                return false;
            }

            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // no docker client on PATH
        }
    }
}
