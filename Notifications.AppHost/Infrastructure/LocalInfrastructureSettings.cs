using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;

namespace Notifications.AppHost.Infrastructure;

/// <summary>
/// Where and on which ports the local PostgreSQL and Redis run (section <c>Infrastructure</c>):
/// <c>DataPath</c> (default <c>.localdata</c> at the repository root, git-ignored),
/// <c>PostgresPort</c> and <c>RedisPort</c> (default 0: a free port is chosen at start).
/// </summary>
internal sealed class LocalInfrastructureSettings
{
    public required string DataPath { get; init; }

    public required int PostgresPort { get; init; }

    public required int RedisPort { get; init; }

    public static LocalInfrastructureSettings From(IDistributedApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection("Infrastructure");
        var dataPath = section["DataPath"];
        dataPath = string.IsNullOrWhiteSpace(dataPath)
            ? Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", ".localdata"))
            : Path.GetFullPath(dataPath, builder.AppHostDirectory);

        Directory.CreateDirectory(dataPath);
        return new LocalInfrastructureSettings
        {
            DataPath = dataPath,
            PostgresPort = PortOrFree(section, "PostgresPort"),
            RedisPort = PortOrFree(section, "RedisPort"),
        };
    }

    /// <summary>
    /// A secret kept in the data folder so that it survives restarts (PostgreSQL's password is set
    /// once, at initdb). Generated on first use, readable by the owner only.
    /// </summary>
    public string GetOrCreateSecret(string name)
    {
        var path = Path.Combine(DataPath, $"{name}.secret");
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }

        var secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
        File.WriteAllText(path, secret);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return secret;
    }

    private static int PortOrFree(IConfigurationSection section, string key)
    {
        var configured = section[key];
        if (string.IsNullOrWhiteSpace(configured))
        {
            return LoopbackPorts.Free();
        }

        if (!int.TryParse(configured, out var port) || port is < 0 or > 65535)
        {
            throw new InvalidOperationException($"Infrastructure:{key} must be a TCP port number (0 picks a free one); got '{configured}'.");
        }

        return port == 0 ? LoopbackPorts.Free() : port;
    }
}
