using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RedStation.Data.Entities;
using RedStation.Data.Services;

namespace RedStation.Data.Configurations;

internal sealed class StationConfiguration : IEntityTypeConfiguration<Station>
{
    public void Configure(EntityTypeBuilder<Station> builder)
    {
        builder.Property(s => s.Code).HasMaxLength(TextLimits.Code);
        builder.Property(s => s.Name).HasMaxLength(TextLimits.Name);
        builder.Property(s => s.HostUnit).HasMaxLength(TextLimits.Name);
        builder.HasIndex(s => s.Code).IsUnique();
        builder.Property(s => s.CheckInCode).HasMaxLength(SelfCheckInService.ShortCodeLength);
        builder.HasIndex(s => s.CheckInCode).IsUnique().HasFilter("\"CheckInCode\" IS NOT NULL");
        builder.HasIndex(s => s.Name);
        builder.HasIndex(s => new { s.Status, s.Kind });
        builder.HasOne(s => s.Community).WithMany(c => c.Stations)
            .HasForeignKey(s => s.CommunityId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(s => s.Unit).WithMany(u => u.Venues)
            .HasForeignKey(s => s.UnitId).OnDelete(DeleteBehavior.Restrict);
        builder.Ignore(s => s.CountsTowardTarget);
    }
}
