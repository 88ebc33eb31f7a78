using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Notifications.Core.Consent;
using Notifications.Core.Windows;

namespace Notifications.Core.Data;

internal sealed class ConsentTimeZoneConfiguration : IEntityTypeConfiguration<ConsentTimeZone>
{
    public void Configure(EntityTypeBuilder<ConsentTimeZone> builder)
    {
        builder.ToTable("consent_time_zones");
        builder.HasKey(z => new { z.Program, z.Phone });
        builder.Property(z => z.Program).HasMaxLength(ConsentEvent.ProgramMaxLength);
        builder.Property(z => z.Phone).HasMaxLength(ConsentEvent.PhoneMaxLength);
        builder.Property(z => z.TimeZone).HasMaxLength(ConsentTimeZone.TimeZoneMaxLength);
    }
}
