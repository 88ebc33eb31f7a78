using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Notifications.Core.Messages;

namespace Notifications.Core.Data;

internal sealed class MessageEventConfiguration : IEntityTypeConfiguration<MessageEvent>
{
    public void Configure(EntityTypeBuilder<MessageEvent> builder)
    {
        builder.ToTable("message_events");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).UseIdentityAlwaysColumn();
        builder.Property(e => e.Type).HasMaxLength(30);
        builder.Property(e => e.Status).HasMaxLength(20);
        builder.Property(e => e.Detail).HasMaxLength(MessageEvent.DetailMaxLength);
        builder.Property(e => e.ExternalId).HasMaxLength(MessageEvent.ExternalIdMaxLength);
        builder.HasIndex(e => new { e.MessageId, e.Id });
        builder.HasIndex(e => e.ExternalId).IsUnique().HasFilter("external_id IS NOT NULL");
        builder.HasOne<Message>().WithMany().HasForeignKey(e => e.MessageId).OnDelete(DeleteBehavior.Cascade);
    }
}
