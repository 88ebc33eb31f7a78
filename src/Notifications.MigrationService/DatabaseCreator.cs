using Npgsql;

namespace Notifications.MigrationService;

/// <summary>
/// Creates the application database when the server does not have it yet (the first start with local
/// PostgreSQL). It asks the server's <c>postgres</c> database, so nothing ever connects to a database
/// that is missing: EF Core's own probe would log an error for that connection attempt ("An error
/// occurred using the connection to database ...") on a healthy first start, then create it anyway.
/// </summary>
internal static class DatabaseCreator
{
    private const string MaintenanceDatabase = "postgres";

    /// <summary>Returns whether the database had to be created.</summary>
    public static async Task<bool> EnsureExistsAsync(string connectionString, CancellationToken cancellationToken)
    {
        var target = new NpgsqlConnectionStringBuilder(connectionString);
        if (string.IsNullOrEmpty(target.Database) || target.Database == MaintenanceDatabase)
        {
            return false;
        }

        var maintenance = new NpgsqlConnectionStringBuilder(connectionString) { Database = MaintenanceDatabase, Pooling = false };
        await using var connection = new NpgsqlConnection(maintenance.ConnectionString);
        await connection.OpenAsync(cancellationToken);

        await using (var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection))
        {
            exists.Parameters.Add(new NpgsqlParameter { Value = target.Database });
            if (await exists.ExecuteScalarAsync(cancellationToken) is not null)
            {
                return false;
            }
        }

        try
        {
            // Identifiers cannot be parameters; the name is quoted, so any name is taken literally.
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{target.Database.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
            return true;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            return false; // created meanwhile by someone else
        }
    }
}
