using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RedStation.Data.Entities;

namespace RedStation.Data.Configurations;

internal sealed class ProgrammeBaselineConfiguration : IEntityTypeConfiguration<ProgrammeBaseline>
{
    public void Configure(EntityTypeBuilder<ProgrammeBaseline> builder)
    {
        builder.Property(b => b.Id).ValueGeneratedNever();
        builder.Property(b => b.Source).HasMaxLength(TextLimits.Note);
        builder.Property(b => b.UpdatedBy).HasMaxLength(TextLimits.Name);
    }
}

internal sealed class StationBaselineConfiguration : IEntityTypeConfiguration<StationBaseline>
{
    public void Configure(EntityTypeBuilder<StationBaseline> builder)
    {
        builder.HasKey(b => b.StationId);
        builder.Property(b => b.StationId).ValueGeneratedNever();
        builder.HasOne(b => b.Station).WithMany().HasForeignKey(b => b.StationId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(b => b.UpdatedBy).HasMaxLength(TextLimits.Name);
    }
}
