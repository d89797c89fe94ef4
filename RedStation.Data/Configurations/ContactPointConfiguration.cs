using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RedStation.Data.Entities;

namespace RedStation.Data.Configurations;

internal sealed class ContactPointConfiguration : IEntityTypeConfiguration<ContactPoint>
{
    public void Configure(EntityTypeBuilder<ContactPoint> builder)
    {
        builder.Property(c => c.Name).HasMaxLength(TextLimits.Name);
        builder.Property(c => c.Url).HasMaxLength(ContactPoint.MaxUrlLength);
        builder.Property(c => c.Secret).HasMaxLength(ContactPoint.MaxSecretLength);
        builder.Property(c => c.CreatedBy).HasMaxLength(TextLimits.Name);
        builder.HasOne(c => c.District).WithMany().HasForeignKey(c => c.DistrictId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany<ContactPointDelivery>().WithOne().HasForeignKey(d => d.ContactPointId).OnDelete(DeleteBehavior.Cascade);
        builder.Ignore(c => c.SecretHint);
        builder.Ignore(c => c.Rules);
    }
}
