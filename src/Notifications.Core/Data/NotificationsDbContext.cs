using Microsoft.EntityFrameworkCore;
using Notifications.Core.Messages;

namespace Notifications.Core.Data;

/// <summary>The service's source of truth in PostgreSQL (database <c>notifications</c>).</summary>
public sealed class NotificationsDbContext(DbContextOptions<NotificationsDbContext> options) : DbContext(options)
{
    /// <summary>The connection string name every process uses.</summary>
    public const string ConnectionName = "notifications";

    public DbSet<Message> Messages => Set<Message>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(NotificationsDbContext).Assembly);
    }
}
