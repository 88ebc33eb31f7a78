using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Notifications.Core.Consent;

namespace Notifications.Core.Data;

internal sealed class ConsentEventConfiguration : IEntityTypeConfiguration<ConsentEvent>
{
    public void Configure(EntityTypeBuilder<ConsentEvent> builder)
    {
        builder.ToTable("consent_events");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).UseIdentityAlwaysColumn();
        builder.Property(e => e.Phone).HasMaxLength(ConsentEvent.PhoneMaxLength);
        builder.Property(e => e.Purpose).HasMaxLength(20);
        builder.Property(e => e.Kind).HasMaxLength(20);
        builder.Property(e => e.Source).HasMaxLength(20);
        builder.Property(e => e.SourceUrl).HasMaxLength(ConsentEvent.SourceUrlMaxLength);
        builder.Property(e => e.OptInMessage).HasMaxLength(ConsentEvent.OptInMessageMaxLength);
        builder.Property(e => e.TextReceived).HasMaxLength(ConsentEvent.TextReceivedMaxLength);
        builder.Property(e => e.InboundMessageSid).HasMaxLength(ConsentEvent.InboundMessageSidMaxLength);
        builder.Property(e => e.IpAddress).HasMaxLength(ConsentEvent.IpAddressMaxLength);
        builder.Property(e => e.UserAgent).HasMaxLength(ConsentEvent.UserAgentMaxLength);
        builder.Property(e => e.CapturedBy).HasMaxLength(100);
        builder.Property(e => e.Note).HasMaxLength(ConsentEvent.NoteMaxLength);

        // Current state per (phone, purpose) is the latest event: this index serves it.
        builder.HasIndex(e => new { e.Phone, e.Purpose, e.Id }).IsDescending(false, false, true);
    }
}
