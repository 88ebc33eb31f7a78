using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Notifications.Core.Consent;
using Notifications.Core.Email;

namespace Notifications.Core.Data;

internal sealed class EmailSuppressionConfiguration : IEntityTypeConfiguration<EmailSuppression>
{
    public void Configure(EntityTypeBuilder<EmailSuppression> builder)
    {
        builder.ToTable("email_suppressions");

        // The fallback job's probe: (address, program) for the message's program and AllPrograms.
        builder.HasKey(s => new { s.Email, s.Program });
        builder.Property(s => s.Program).HasMaxLength(ConsentEvent.ProgramMaxLength);
        builder.Property(s => s.Email).HasMaxLength(EmailSuppression.EmailMaxLength);
        builder.Property(s => s.Reason).HasMaxLength(40);
        builder.Property(s => s.EventId).HasMaxLength(EmailSuppression.EventIdMaxLength);
    }
}
