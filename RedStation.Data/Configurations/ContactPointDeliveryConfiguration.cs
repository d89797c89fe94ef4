using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RedStation.Data.Entities;

namespace RedStation.Data.Configurations;

internal sealed class ContactPointDeliveryConfiguration : IEntityTypeConfiguration<ContactPointDelivery>
{
    public void Configure(EntityTypeBuilder<ContactPointDelivery> builder)
    {
        builder.Property(d => d.GroupId).HasMaxLength(40);
        builder.Property(d => d.Error).HasMaxLength(300);
        // The claim: one server sends each message (see ContactPointDelivery).
        builder.HasIndex(d => new { d.ContactPointId, d.GroupId, d.Opening, d.Message, d.Number, d.Attempt }).IsUnique();
        builder.HasIndex(d => new { d.ContactPointId, d.At });
    }
}
