using Notifications.Testing;

namespace Notifications.Benchmarks;

/// <summary>Starts the service's programs from their Release build output, as they run in production, on loopback ports.</summary>
internal static class BenchmarkHost
{
    /// <summary>Starts <paramref name="project"/> without waiting for it; its standard error is echoed, prefixed with its name.</summary>
    public static ServiceProcess StartProject(string project, int port, IDictionary<string, string> environment)
    {
        var variables = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Logging__LogLevel__Default"] = "Warning",
            ["OTEL_SDK_DISABLED"] = Environment.GetEnvironmentVariable("BENCH_OTEL_OFF") ?? "false",
        };
        foreach (var (key, value) in environment)
        {
            variables[key] = value;
        }

        return ServiceProcess.Start(project, variables, port, echoErrors: true);
    }

    public static int IntOption(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], System.Globalization.CultureInfo.InvariantCulture) : fallback;
    }
}
