using System.Diagnostics;
using Hangfire.PostgreSql;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Notifications.Core.Data;
using Npgsql;

namespace Notifications.MigrationService;

/// <summary>
/// Brings the database schema up to date (EF Core migrations, then Hangfire's schema) and stops the
/// process. Every other resource waits for this one to complete, so no service ever runs against
/// an old schema.
/// </summary>
internal sealed partial class DatabaseMigrator(
    IServiceProvider services,
    IConfiguration configuration,
    IHostApplicationLifetime lifetime,
    ILogger<DatabaseMigrator> logger) : BackgroundService
{
    public const string ActivitySourceName = "Notifications.MigrationService";

    private static readonly ActivitySource ActivitySource = new(ActivitySourceName);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Internal, not Client: root client spans (queries outside any unit of work) are not traced.
        using var activity = ActivitySource.StartActivity("Migrating database", ActivityKind.Internal);
        try
        {
            if (await DatabaseCreator.EnsureExistsAsync(configuration.GetConnectionString(NotificationsDbContext.ConnectionName)!, stoppingToken))
            {
                LogCreated(logger);
            }

            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<NotificationsDbContext>();

            // The history table first, with EF Core's own DDL: EF reads it before creating it, and on an empty
            // database that failed read is logged as an error although nothing is wrong.
            await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(stoppingToken);

            var pending = (await db.Database.GetPendingMigrationsAsync(stoppingToken)).ToList();
            LogApplying(logger, pending.Count, string.Join(", ", pending));
            await db.Database.MigrateAsync(stoppingToken);

            var dataSource = scope.ServiceProvider.GetRequiredService<NpgsqlDataSource>();
            await using (var connection = await dataSource.OpenConnectionAsync(stoppingToken))
            {
                PostgreSqlObjectsInstaller.Install(connection, HangfireSchema.Name);
            }

            LogCompleted(logger);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            activity?.AddException(ex);
            LogFailed(logger, ex);
            Environment.ExitCode = 1;
        }

        lifetime.StopApplication();
    }

    [LoggerMessage(1, LogLevel.Information, "Applying {Count} pending migration(s): {Migrations}")]
    private static partial void LogApplying(ILogger logger, int count, string migrations);

    [LoggerMessage(2, LogLevel.Information, "Database schema is up to date (EF Core and Hangfire)")]
    private static partial void LogCompleted(ILogger logger);

    [LoggerMessage(4, LogLevel.Information, "Created the database (first start)")]
    private static partial void LogCreated(ILogger logger);

    [LoggerMessage(3, LogLevel.Critical, "Database migration failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
