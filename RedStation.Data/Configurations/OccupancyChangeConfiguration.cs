using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RedStation.Data.Entities;

namespace RedStation.Data.Configurations;

internal sealed class OccupancyChangeConfiguration : IEntityTypeConfiguration<OccupancyChange>
{
    public void Configure(EntityTypeBuilder<OccupancyChange> builder)
    {
        builder.HasOne<Station>().WithMany()
            .HasForeignKey(o => o.StationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(o => new { o.StationId, o.At });
        builder.HasIndex(o => o.At);
    }
}
