namespace Notifications.Testing;

/// <summary>Where the repository's files and the service's build outputs are, seen from a test or benchmark.</summary>
public static class RepositoryPaths
{
    /// <summary>The repository root: the folder holding Notifications.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The script the AppHost runs the machine's PostgreSQL with.</summary>
    public static string PostgresScript => Path.Combine(Root, "Notifications.AppHost", "Infrastructure", "run-postgres.sh");

    /// <summary>The source folder of one of the service's programs (its content root).</summary>
    public static string ProjectFolder(string project) => Path.Combine(Root, "src", project);

    /// <summary>
    /// The built assembly of one of the service's programs, in its own output folder (with its own
    /// dependency manifest), built in the same configuration as the running tests or benchmarks; or, when
    /// <c>NOTIFICATIONS_PUBLISHED</c> names a folder, the program published into its subfolder of that name
    /// (<c>bench/run.sh --published</c> runs the benchmarks on programs published as a deployment publishes them).
    /// </summary>
    public static string ProjectAssembly(string project)
    {
        if (Environment.GetEnvironmentVariable("NOTIFICATIONS_PUBLISHED") is { Length: > 0 } published
            && File.Exists(Path.Combine(published, project, $"{project}.dll")))
        {
            return Path.Combine(published, project, $"{project}.dll");
        }

        var outputFolder = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = outputFolder.Parent!.Name;
        return Path.Combine(ProjectFolder(project), "bin", configuration, outputFolder.Name, $"{project}.dll");
    }

    /// <summary>A fresh folder the postgres user can reach (it cannot traverse /root when running as root).</summary>
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

        throw new InvalidOperationException("Notifications.sln not found above " + AppContext.BaseDirectory + ": run from inside the repository.");
    }
}
