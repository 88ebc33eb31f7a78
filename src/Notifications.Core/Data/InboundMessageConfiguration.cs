using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Notifications.Core.Inbound;

namespace Notifications.Core.Data;

internal sealed class InboundMessageConfiguration : IEntityTypeConfiguration<InboundMessage>
{
    public void Configure(EntityTypeBuilder<InboundMessage> builder)
    {
        builder.ToTable("inbound_messages");
        builder.HasKey(m => m.MessageSid);
        builder.Property(m => m.MessageSid).HasMaxLength(34);
        builder.Property(m => m.IdempotencyToken).HasMaxLength(100);
        builder.Property(m => m.From).HasMaxLength(32);
        builder.Property(m => m.To).HasMaxLength(32);
        builder.Property(m => m.Body).HasMaxLength(1600);
        builder.Property(m => m.Classification).HasMaxLength(20);
        builder.HasIndex(m => m.IdempotencyToken).IsUnique();
        builder.HasIndex(m => new { m.From, m.ReceivedAt });
    }
}
