using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Notifications.Core.Hosting;

namespace Notifications.Core.Data;

internal sealed class CallbackGapConfiguration : IEntityTypeConfiguration<CallbackGap>
{
    public void Configure(EntityTypeBuilder<CallbackGap> builder)
    {
        builder.ToTable("callback_gaps");
        builder.HasKey(g => g.Id);
        builder.Property(g => g.Reason).HasMaxLength(40);
        // The gap reconciliation's one query when there is nothing to do: the open gaps (normally none).
        builder.HasIndex(g => g.EndedAt).HasDatabaseName("ix_callback_gaps_open").HasFilter("settled_at IS NULL");
    }
}
