using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RedStation.Data.Entities;

namespace RedStation.Data.Configurations;

internal sealed class CommunityConfiguration : IEntityTypeConfiguration<Community>
{
    public void Configure(EntityTypeBuilder<Community> builder)
    {
        builder.Property(c => c.Name).HasMaxLength(TextLimits.Name);
        builder.Property(c => c.PartyOrganisation).HasMaxLength(TextLimits.Name);
        builder.HasOne(c => c.District).WithMany(d => d.Communities)
            .HasForeignKey(c => c.DistrictId).OnDelete(DeleteBehavior.Restrict);
    }
}
