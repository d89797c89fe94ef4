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

        // The peak-times heat-map averages the recorded head-count by hour: covering, as for duty sessions.
        builder.HasIndex(o => new { o.At, o.StationId, o.Count }, "IX_OccupancyChanges_Analytics_Time");
        builder.HasIndex(o => new { o.StationId, o.At, o.Count }, "IX_OccupancyChanges_Analytics_Station");
    }
}
