using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Notifications.Core.Data;

public static class DataHostingExtensions
{
    internal const string MigrationsHistoryTable = "__ef_migrations_history";

    /// <summary>
    /// Registers one <see cref="NpgsqlDataSource"/> on the <c>notifications</c> connection string and
    /// <see cref="NotificationsDbContext"/> on top of it, so EF Core and the hand-written SQL share one
    /// connection pool (and its auto-prepared statements); with Aspire's health check, tracing and metrics
    /// (Npgsql's own activity source and meter, which cover every command of the data source).
    /// </summary>
    public static IHostApplicationBuilder AddNotificationsDatabase(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString(NotificationsDbContext.ConnectionName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:{NotificationsDbContext.ConnectionName} is required " +
                $"(environment variable ConnectionStrings__{NotificationsDbContext.ConnectionName}): an Npgsql connection string to the PostgreSQL database.");
        }

        connectionString = WithAutoPrepare(connectionString);
        builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
        builder.Services.AddDbContextPool<NotificationsDbContext>((services, options) => options
            .UseNpgsql(services.GetRequiredService<NpgsqlDataSource>(), npgsql => npgsql.MigrationsHistoryTable(MigrationsHistoryTable))
            .UseSnakeCaseNamingConvention());
        builder.EnrichNpgsqlDbContext<NotificationsDbContext>(settings => settings.DisableRetry = true);
        return builder;
    }

    /// <summary>
    /// Npgsql prepares the statements a connection runs most (up to 64) unless the connection string
    /// says otherwise (<c>Max Auto Prepare</c>): the send path runs the same few statements thousands of
    /// times a second, and parsing and planning them each time showed in PostgreSQL's CPU
    /// (docs/architecture.md, "Runtime settings of the servers").
    /// </summary>
    public static string WithAutoPrepare(string connectionString)
    {
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        if (given.ContainsKey("Max Auto Prepare") || given.ContainsKey("MaxAutoPrepare"))
        {
            return connectionString;
        }

        return new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = 64 }.ConnectionString;
    }

    /// <summary>Registers the Redis multiplexer on the <c>cache</c> connection string.</summary>
    public static IHostApplicationBuilder AddNotificationsCache(this IHostApplicationBuilder builder)
    {
        const string name = "cache";
        if (string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(name)))
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:{name} is required (environment variable ConnectionStrings__{name}): a StackExchange.Redis configuration string.");
        }

        builder.AddRedisClient(name, configureOptions: options =>
        {
            // Fail at once while Redis is unreachable: every caller has a PostgreSQL fallback.
            options.AbortOnConnectFail = false;
            options.BacklogPolicy = StackExchange.Redis.BacklogPolicy.FailFast;
            options.ConnectTimeout = 2_000;
            options.AsyncTimeout = 2_000;
            options.SyncTimeout = 2_000;
        });
        return builder;
    }
}
