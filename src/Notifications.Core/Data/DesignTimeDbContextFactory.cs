using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Notifications.Core.Data;

/// <summary>Lets <c>dotnet ef</c> build the model without starting a host.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<NotificationsDbContext>
{
    public NotificationsDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<NotificationsDbContext>()
            .UseNpgsql("Host=localhost;Database=notifications", npgsql => npgsql.MigrationsHistoryTable(DataHostingExtensions.MigrationsHistoryTable))
            .UseSnakeCaseNamingConvention()
            .Options;
        return new NotificationsDbContext(options);
    }
}
