using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RedStation.Data.Entities;

namespace RedStation.Data.Configurations;

internal sealed class StaffStationConfiguration : IEntityTypeConfiguration<StaffStation>
{
    public void Configure(EntityTypeBuilder<StaffStation> builder)
    {
        builder.ToTable("StaffStations");
        builder.HasKey(s => new { s.UserId, s.StationId });
        builder.HasOne(s => s.User).WithMany(u => u.Stations).HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(s => s.Station).WithMany().HasForeignKey(s => s.StationId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => s.StationId);
    }
}

internal sealed class StaffUserConfiguration : IEntityTypeConfiguration<StaffUser>
{
    public void Configure(EntityTypeBuilder<StaffUser> builder) =>
        builder.Property(u => u.DisplayName).HasMaxLength(100);
}
