using Microsoft.EntityFrameworkCore;
using Notifications.Core.Consent;
using Notifications.Core.Email;
using Notifications.Core.Hosting;
using Notifications.Core.Inbound;
using Notifications.Core.Messages;
using Notifications.Core.Privacy;
using Notifications.Core.Suppression;
using Notifications.Core.Windows;

namespace Notifications.Core.Data;

/// <summary>The service's source of truth in PostgreSQL (database <c>notifications</c>).</summary>
public sealed class NotificationsDbContext(DbContextOptions<NotificationsDbContext> options) : DbContext(options)
{
    /// <summary>The connection string name every process uses.</summary>
    public const string ConnectionName = "notifications";

    public DbSet<Message> Messages => Set<Message>();

    public DbSet<MessageEvent> MessageEvents => Set<MessageEvent>();

    public DbSet<MessageAttempt> MessageAttempts => Set<MessageAttempt>();

    public DbSet<IdempotencyRecord> IdempotencyKeys => Set<IdempotencyRecord>();

    public DbSet<ConsentEvent> ConsentEvents => Set<ConsentEvent>();

    public DbSet<ConsentRequest> ConsentRequests => Set<ConsentRequest>();

    public DbSet<SuppressedNumber> Suppressions => Set<SuppressedNumber>();

    public DbSet<InboundMessage> InboundMessages => Set<InboundMessage>();

    public DbSet<NumberHashKey> NumberHashKeys => Set<NumberHashKey>();

    public DbSet<ApiHeartbeat> ApiHeartbeats => Set<ApiHeartbeat>();

    public DbSet<CallbackGap> CallbackGaps => Set<CallbackGap>();

    public DbSet<EmailSuppression> EmailSuppressions => Set<EmailSuppression>();

    public DbSet<SegmentBudgetDay> SegmentBudgets => Set<SegmentBudgetDay>();

    public DbSet<ConsentTimeZone> ConsentTimeZones => Set<ConsentTimeZone>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(NotificationsDbContext).Assembly);
    }
}
