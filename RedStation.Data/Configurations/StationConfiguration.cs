using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RedStation.Data.Entities;

namespace RedStation.Data.Configurations;

internal sealed class StationConfiguration : IEntityTypeConfiguration<Station>
{
    public void Configure(EntityTypeBuilder<Station> builder)
    {
        builder.Property(s => s.Code).HasMaxLength(TextLimits.Code);
        builder.Property(s => s.Name).HasMaxLength(TextLimits.Name);
        builder.Property(s => s.HostUnit).HasMaxLength(TextLimits.Name);
        builder.HasIndex(s => s.Code).IsUnique();
        builder.HasIndex(s => s.Name);
        builder.HasIndex(s => new { s.Status, s.Kind });
        builder.HasOne(s => s.Community).WithMany(c => c.Stations)
            .HasForeignKey(s => s.CommunityId).OnDelete(DeleteBehavior.Restrict);
        builder.Ignore(s => s.CountsTowardTarget);
    }
}
