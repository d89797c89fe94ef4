using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RedStation.Data.Entities;

namespace RedStation.Data.Configurations;

internal sealed class UnitConfiguration : IEntityTypeConfiguration<Unit>
{
    public void Configure(EntityTypeBuilder<Unit> builder)
    {
        builder.Property(u => u.Code).HasMaxLength(TextLimits.Code);
        builder.Property(u => u.Name).HasMaxLength(TextLimits.Name);
        builder.Property(u => u.NameEn).HasMaxLength(TextLimits.Name);
        builder.Property(u => u.PartyOrganisation).HasMaxLength(TextLimits.Name);
        builder.HasIndex(u => u.Code).IsUnique();
        builder.HasIndex(u => u.Name);
        builder.HasOne(u => u.Community).WithMany()
            .HasForeignKey(u => u.CommunityId).OnDelete(DeleteBehavior.Restrict);
    }
}
