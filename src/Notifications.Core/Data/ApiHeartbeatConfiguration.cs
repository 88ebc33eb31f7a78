using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Notifications.Core.Hosting;

namespace Notifications.Core.Data;

internal sealed class ApiHeartbeatConfiguration : IEntityTypeConfiguration<ApiHeartbeat>
{
    public void Configure(EntityTypeBuilder<ApiHeartbeat> builder)
    {
        builder.ToTable("api_heartbeats");
        builder.HasKey(h => h.InstanceId);
        builder.Property(h => h.InstanceId).ValueGeneratedNever();
    }
}
