using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RedStation.Data.Entities;

namespace RedStation.Data.Configurations;

internal sealed class DistrictConfiguration : IEntityTypeConfiguration<District>
{
    public void Configure(EntityTypeBuilder<District> builder)
    {
        builder.Property(d => d.Code).HasMaxLength(TextLimits.Code);
        builder.Property(d => d.Name).HasMaxLength(TextLimits.Name);
        builder.Property(d => d.NameEn).HasMaxLength(TextLimits.Name);
        builder.HasIndex(d => d.Code).IsUnique();
    }
}
