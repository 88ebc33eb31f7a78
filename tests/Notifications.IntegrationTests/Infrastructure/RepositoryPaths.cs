namespace Notifications.IntegrationTests.Infrastructure;

internal static class RepositoryPaths
{
    /// <summary>The repository root: the folder holding Notifications.sln.</summary>
    public static string Root { get; } = FindRoot();

    public static string PostgresScript => Path.Combine(Root, "Notifications.AppHost", "Infrastructure", "run-postgres.sh");

    /// <summary>
    /// The built assembly of one of the service's programs, in its own output folder (with its own
    /// dependency manifest), built in the same configuration as the tests.
    /// </summary>
    public static string ProjectAssembly(string project)
    {
        var outputFolder = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = outputFolder.Parent!.Name;
        return Path.Combine(Root, "src", project, "bin", configuration, outputFolder.Name, $"{project}.dll");
    }

    /// <summary>A fresh folder the postgres user can reach (it cannot traverse /root when tests run as root).</summary>
    public static string NewTempDirectory(string prefix)
    {
        var path = Path.Combine("/tmp", $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Notifications.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Notifications.sln not found above " + AppContext.BaseDirectory);
    }
}
