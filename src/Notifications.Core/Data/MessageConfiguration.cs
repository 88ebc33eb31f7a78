using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Notifications.Core.Consent;
using Notifications.Core.Messages;
using Notifications.Core.Programs;

namespace Notifications.Core.Data;

internal sealed class MessageConfiguration : IEntityTypeConfiguration<Message>
{
    public void Configure(EntityTypeBuilder<Message> builder)
    {
        // A message row changes five times on its way (claim, hand-over, SID, sent, delivered). The
        // hand-over and the status callbacks touch no indexed column, so with room on the page they
        // are heap-only updates: no new index entries. Hence no index (nor index predicate) mentions
        // status; the check keeps "accepted or scheduled" and "not claimed" the same thing, which the outbox index uses.
        builder.ToTable("messages", t => t.HasCheckConstraint(
            "ck_messages_claimed_unless_accepted", $"(status IN ('{MessageStatus.Accepted}', '{MessageStatus.Scheduled}')) = (claimed_at IS NULL)"));
        builder.HasStorageParameter("fillfactor", 70);
        builder.HasKey(m => m.Id);
        builder.Property(m => m.AppId).HasMaxLength(100);
        builder.Property(m => m.Program).HasMaxLength(ConsentEvent.ProgramMaxLength).HasDefaultValue(ProgramCatalog.DefaultProgram);
        builder.Property(m => m.To).HasMaxLength(Message.ToMaxLength);
        builder.Property(m => m.Body).HasMaxLength(Message.BodyMaxLength);
        builder.Property(m => m.Encoding).HasMaxLength(5);
        builder.Property(m => m.Purpose).HasMaxLength(20);
        builder.Property(m => m.Status).HasMaxLength(20);
        builder.Property(m => m.FallbackEmail).HasMaxLength(Message.FallbackEmailMaxLength);
        builder.Property(m => m.EmailSubject).HasMaxLength(Message.EmailSubjectMaxLength);
        builder.Property(m => m.Reference).HasMaxLength(Message.ReferenceMaxLength);
        builder.Property(m => m.TraceParent).HasMaxLength(64);
        builder.Property(m => m.Country).HasMaxLength(Message.CountryMaxLength);
        builder.Property(m => m.ProviderSid).HasMaxLength(Message.ProviderSidMaxLength);
        builder.Property(m => m.Sender).HasMaxLength(40);
        builder.Property(m => m.SenderKind).HasMaxLength(20);
        builder.Property(m => m.FallbackStatus).HasMaxLength(20);
        builder.Property(m => m.FallbackReason).HasMaxLength(60);
        builder.Property(m => m.FallbackProviderId).HasMaxLength(100);

        // The dispatcher's claim query: due messages still waiting in the outbox (accepted, so not claimed).
        builder.HasIndex(m => m.DueAt)
            .HasDatabaseName("ix_messages_outbox")
            .HasFilter("claimed_at IS NULL");
        builder.HasIndex(m => new { m.AppId, m.CreatedAt });

        // Frequency caps count a number's recent capped sends. Only those are in the index: the other messages (every
        // message of a purpose with no cap) then cost it nothing, neither at insert nor at the updates that cannot be heap-only.
        builder.HasIndex(m => m.To).HasDatabaseName("ix_messages_to").HasFilter("cap_counted_at IS NOT NULL");
        builder.HasIndex(m => m.ProviderSid).IsUnique().HasFilter("provider_sid IS NOT NULL");

        // A batch's messages; also the recovery scans' (claims whose job never ran, hand-overs with no
        // known outcome): those messages still carry their batch.
        builder.HasIndex(m => m.BatchId).HasFilter("batch_id IS NOT NULL");

        // Confirmations not yet reported to Twilio.
        builder.HasIndex(m => m.ConfirmedAt).HasDatabaseName("ix_messages_feedback_pending").HasFilter("confirmed_at IS NOT NULL AND feedback_at IS NULL");

        // An email event that lacks our custom args is traced to its message by SendGrid's message id (EmailSuppressionStore).
        builder.HasIndex(m => m.FallbackProviderId).HasFilter("fallback_provider_id IS NOT NULL");

        // Pending fallbacks.
        builder.HasIndex(m => m.FallbackRequestedAt).HasDatabaseName("ix_messages_fallback_pending").HasFilter($"fallback_status = '{FallbackStatus.Pending}'");
    }
}
