using Microsoft.EntityFrameworkCore;
using Notifications.Core.Data;

namespace Notifications.UnitTests;

public sealed class MigrationsTests
{
    /// <summary>
    /// The migrations describe the model the code uses: a change to an entity or its configuration without a
    /// migration, or two migrations merged with a stale snapshot, fails here rather than at a deployment.
    /// </summary>
    [Fact]
    public void Model_HasNoChangesMissingFromTheMigrations()
    {
        var options = new DbContextOptionsBuilder<NotificationsDbContext>()
            .UseNpgsql("Host=localhost;Database=notifications", npgsql => npgsql.MigrationsHistoryTable(DataHostingExtensions.MigrationsHistoryTable))
            .UseSnakeCaseNamingConvention()
            .Options;
        using var db = new NotificationsDbContext(options);

        Assert.False(db.Database.HasPendingModelChanges(), "the model has changes no migration describes: add one with dotnet ef migrations add");
    }
}
