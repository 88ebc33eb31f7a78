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

        // The ambiguous-create lookup asks which recent attempts own a SID. A BRIN index on the start time
        // (attempts are appended in time order) narrows that to the last pages for almost no write cost.
        builder.HasIndex(a => a.StartedAt).HasMethod("brin");
        builder.HasOne<Message>().WithMany().HasForeignKey(a => a.MessageId).OnDelete(DeleteBehavior.Cascade);
    }
}
