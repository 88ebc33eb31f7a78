using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Notifications.Core.Messages;

namespace Notifications.Core.Data;

internal sealed class MessageAttemptConfiguration : IEntityTypeConfiguration<MessageAttempt>
{
    public void Configure(EntityTypeBuilder<MessageAttempt> builder)
    {
        builder.ToTable("message_attempts");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).UseIdentityAlwaysColumn();
        builder.Property(a => a.Sender).HasMaxLength(40);
        builder.Property(a => a.ProviderSid).HasMaxLength(34);
        builder.Property(a => a.Outcome).HasMaxLength(20);
        builder.HasIndex(a => new { a.MessageId, a.Number }).IsUnique();
        builder.HasOne<Message>().WithMany().HasForeignKey(a => a.MessageId).OnDelete(DeleteBehavior.Cascade);
    }
}
