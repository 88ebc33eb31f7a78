using System.Globalization;
using Microsoft.Extensions.DependencyInjection;

namespace Notifications.AppHost.Infrastructure;

/// <summary>
/// PostgreSQL and Redis from the machine's own binaries, for machines without a container
/// runtime. They behave like Aspire's container resources: a connection string, a health check
/// that <c>WaitFor</c> honours, and data kept between runs in the git-ignored data folder.
/// </summary>
internal static class LocalResourceBuilderExtensions
{
    public static IResourceBuilder<LocalPostgresServerResource> AddLocalPostgres(
        this IDistributedApplicationBuilder builder, string name, LocalInfrastructureSettings settings)
    {
        var secret = settings.GetOrCreateSecret(name);
        var password = builder.AddParameter($"{name}-password", secret, secret: true);
        var port = settings.PostgresPort.ToString(CultureInfo.InvariantCulture);
        var script = Path.Combine(builder.AppHostDirectory, "Infrastructure", "run-postgres.sh");

        var healthCheckKey = $"{name}_check";
        builder.Services.AddHealthChecks().AddNpgSql(
            $"Host=127.0.0.1;Port={port};Username=postgres;Password={secret};Database=postgres;Timeout=3;Pooling=false",
            name: healthCheckKey);

        var server = new LocalPostgresServerResource(name, "bash", settings.DataPath, password.Resource, settings.PostgresPort);
        return builder.AddResource(server)
            .WithArgs(script, Path.Combine(settings.DataPath, name), port)
            .WithEnvironment("POSTGRES_PASSWORD", password)
            .WithEndpoint(name: "tcp", scheme: "tcp", port: settings.PostgresPort, targetPort: settings.PostgresPort, isProxied: false)
            .WithHealthCheck(healthCheckKey)
            .ExcludeFromManifest();
    }

    public static IResourceBuilder<LocalPostgresDatabaseResource> AddDatabase(
        this IResourceBuilder<LocalPostgresServerResource> server, string name)
    {
        var database = new LocalPostgresDatabaseResource(name, name, server.Resource);

        // The database itself is created by the migrations; it is usable as soon as the server is.
        server.ApplicationBuilder.Eventing.Subscribe<ResourceReadyEvent>(server.Resource, async (@event, _) =>
        {
            var notifications = @event.Services.GetRequiredService<ResourceNotificationService>();
            await notifications.PublishUpdateAsync(database, snapshot => snapshot with
            {
                State = KnownResourceStates.Running,
                StartTimeStamp = DateTime.UtcNow,
            });
        });

        return server.ApplicationBuilder.AddResource(database)
            .WithParentRelationship(server)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "PostgresDatabase",
                State = KnownResourceStates.NotStarted,
                Properties = [],
            })
            .ExcludeFromManifest();
    }

    public static IResourceBuilder<LocalRedisResource> AddLocalRedis(
        this IDistributedApplicationBuilder builder, string name, LocalInfrastructureSettings settings)
    {
        var command = FindOnPath("redis-server") ?? throw new InvalidOperationException(
            "Infrastructure:Mode is local but redis-server is not on PATH. Install it (apt-get install -y redis-server), " +
            "or run with Infrastructure:Mode=containers where a container runtime is available.");

        var secret = settings.GetOrCreateSecret(name);
        var password = builder.AddParameter($"{name}-password", secret, secret: true);
        var port = settings.RedisPort.ToString(CultureInfo.InvariantCulture);

        // The cache holds nothing that PostgreSQL cannot rebuild: no persistence.
        var dataDirectory = Directory.CreateDirectory(Path.Combine(settings.DataPath, name)).FullName;
        var configFile = Path.Combine(dataDirectory, "redis.conf");
        File.WriteAllLines(configFile,
        [
            $"port {port}",
            "bind 127.0.0.1",
            $"requirepass {secret}",
            "save \"\"",
            "appendonly no",
            $"dir {dataDirectory}",
            "daemonize no",
        ]);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(configFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var healthCheckKey = $"{name}_check";
        builder.Services.AddHealthChecks().AddRedis($"127.0.0.1:{port},password={secret},abortConnect=false,connectTimeout=2000", name: healthCheckKey);

        var redis = new LocalRedisResource(name, command, dataDirectory, password.Resource, settings.RedisPort);
        return builder.AddResource(redis)
            .WithArgs(configFile)
            .WithEndpoint(name: "tcp", scheme: "tcp", port: settings.RedisPort, targetPort: settings.RedisPort, isProxied: false)
            .WithHealthCheck(healthCheckKey)
            .ExcludeFromManifest();
    }

    private static string? FindOnPath(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, program))
            .FirstOrDefault(File.Exists);
}
