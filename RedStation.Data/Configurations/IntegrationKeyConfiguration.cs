using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RedStation.Data.Entities;

namespace RedStation.Data.Configurations;

internal sealed class IntegrationKeyConfiguration : IEntityTypeConfiguration<IntegrationKey>
{
    public void Configure(EntityTypeBuilder<IntegrationKey> builder)
    {
        builder.Property(k => k.Name).HasMaxLength(TextLimits.Name);
        builder.Property(k => k.Prefix).HasMaxLength(16);
        builder.Property(k => k.Hash).HasMaxLength(32);
        builder.Property(k => k.CreatedBy).HasMaxLength(TextLimits.Name);
        builder.Property(k => k.RevokedBy).HasMaxLength(TextLimits.Name);
        builder.HasIndex(k => k.Hash).IsUnique();
        builder.Ignore(k => k.IsActive);
    }
}
