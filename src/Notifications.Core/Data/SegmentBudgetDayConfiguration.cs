using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Notifications.Core.Messages;

namespace Notifications.Core.Data;

internal sealed class SegmentBudgetDayConfiguration : IEntityTypeConfiguration<SegmentBudgetDay>
{
    public void Configure(EntityTypeBuilder<SegmentBudgetDay> builder)
    {
        builder.ToTable("segment_budgets");
        builder.HasKey(b => new { b.AppId, b.Day });
        builder.Property(b => b.AppId).HasMaxLength(100);
    }
}
