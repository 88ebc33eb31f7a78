using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Notifications.Core.Suppression;

namespace Notifications.Core.Data;

internal sealed class SuppressedNumberConfiguration : IEntityTypeConfiguration<SuppressedNumber>
{
    public void Configure(EntityTypeBuilder<SuppressedNumber> builder)
    {
        builder.ToTable("suppressions");
        // Phone first: the gate probes (phone, program) and (phone, '*') for each number of a batch.
        builder.HasKey(s => new { s.Phone, s.Program });
        builder.Property(s => s.Phone).HasMaxLength(16);
        builder.Property(s => s.Program).HasMaxLength(SuppressedNumber.ProgramMaxLength);
        builder.Property(s => s.Reason).HasMaxLength(40);
        builder.Property(s => s.Detail).HasMaxLength(40);
        builder.Property(s => s.SourceMessageSid).HasMaxLength(64);
        builder.HasIndex(s => s.UpdatedAt);
    }
}
