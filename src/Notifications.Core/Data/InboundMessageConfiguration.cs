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
        builder.Property(m => m.MessageSid).HasMaxLength(InboundMessage.MessageSidMaxLength);
        builder.Property(m => m.IdempotencyToken).HasMaxLength(InboundMessage.IdempotencyTokenMaxLength);
        builder.Property(m => m.From).HasMaxLength(InboundMessage.FromMaxLength);
        builder.Property(m => m.To).HasMaxLength(InboundMessage.ToMaxLength);
        builder.Property(m => m.Body).HasMaxLength(InboundMessage.BodyMaxLength);
        builder.Property(m => m.Classification).HasMaxLength(20);
        builder.HasIndex(m => m.IdempotencyToken).IsUnique();
        builder.HasIndex(m => new { m.From, m.ReceivedAt });
    }
}
