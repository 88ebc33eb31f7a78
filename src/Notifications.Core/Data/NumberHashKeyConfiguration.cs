using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Notifications.Core.Privacy;

namespace Notifications.Core.Data;

internal sealed class NumberHashKeyConfiguration : IEntityTypeConfiguration<NumberHashKey>
{
    public void Configure(EntityTypeBuilder<NumberHashKey> builder)
    {
        builder.ToTable("number_hash_keys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Id).ValueGeneratedNever();
    }
}
