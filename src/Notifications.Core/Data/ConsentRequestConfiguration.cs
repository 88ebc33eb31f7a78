using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Notifications.Core.Consent;
using Notifications.Core.Inbound;

namespace Notifications.Core.Data;

internal sealed class ConsentRequestConfiguration : IEntityTypeConfiguration<ConsentRequest>
{
    public void Configure(EntityTypeBuilder<ConsentRequest> builder)
    {
        builder.ToTable("consent_requests");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Program).HasMaxLength(ConsentEvent.ProgramMaxLength);
        builder.Property(r => r.Phone).HasMaxLength(ConsentEvent.PhoneMaxLength);
        builder.Property(r => r.Purpose).HasMaxLength(20);
        builder.Property(r => r.Source).HasMaxLength(ConsentRequest.SourceMaxLength);
        builder.Property(r => r.SourceUrl).HasMaxLength(ConsentEvent.SourceUrlMaxLength);
        builder.Property(r => r.IpAddress).HasMaxLength(ConsentEvent.IpAddressMaxLength);
        builder.Property(r => r.UserAgent).HasMaxLength(ConsentEvent.UserAgentMaxLength);
        builder.Property(r => r.RequestedBy).HasMaxLength(ConsentRequest.RequestedByMaxLength);
        builder.Property(r => r.ConfirmationText).HasMaxLength(ConsentEvent.OptInMessageMaxLength);
        builder.Property(r => r.Status).HasMaxLength(20);
        builder.Property(r => r.InboundMessageSid).HasMaxLength(InboundMessage.MessageSidMaxLength);

        // The YES lookup (a number's pending requests still in their window) and the consent gate's probe for a
        // confirmation message; only pending rows are indexed, so confirmed and expired ones cost nothing here.
        builder.HasIndex(r => new { r.Phone, r.Program, r.ExpiresAt })
            .HasDatabaseName("ix_consent_requests_pending")
            .HasFilter($"status = '{ConsentRequestStatus.Pending}'");

        // A new request's check for one already made for the number, program and purpose within the window.
        builder.HasIndex(r => new { r.Program, r.Phone, r.Purpose, r.ExpiresAt });
        builder.HasIndex(r => r.ConfirmationMessageId).IsUnique();
    }
}
