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
        builder.Property(e => e.Email).HasMaxLength(ConsentEvent.EmailMaxLength);
        builder.Property(e => e.Program).HasMaxLength(ConsentEvent.ProgramMaxLength).HasDefaultValue(ConsentEvent.DefaultProgram);

        // The chain is the database's to write (trigger consent_events_chain, under a lock on the program and
        // number): the service never sends these, it reads them back from the insert.
        builder.Property(e => e.PreviousHash).IsFixedLength().HasMaxLength(ConsentEvent.HashLength).ValueGeneratedOnAdd();
        builder.Property(e => e.Hash).IsFixedLength().HasMaxLength(ConsentEvent.HashLength).IsRequired().ValueGeneratedOnAdd();

        // Current state per (program, phone, purpose) is the event that happened last: this index serves it
        // (the gate's one probe per number and purpose).
        builder.HasIndex(e => new { e.Program, e.Phone, e.Purpose, e.OccurredAt, e.Id }).IsDescending(false, false, false, true, true);

        // A program's history of a number in the order recorded, and the chain's previous event.
        builder.HasIndex(e => new { e.Program, e.Phone, e.Id }).IsDescending(false, false, true);
    }
}
