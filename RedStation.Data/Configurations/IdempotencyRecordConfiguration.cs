using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RedStation.Data.Entities;

namespace RedStation.Data.Configurations;

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> builder)
    {
        // The key is the unique index that decides, on any server, which of two racing requests writes.
        builder.HasKey(r => new { r.Principal, r.ClientKey });
        builder.Property(r => r.Principal).HasMaxLength(200);
        builder.Property(r => r.ClientKey).HasMaxLength(128);
        builder.Property(r => r.Endpoint).HasMaxLength(300);
        builder.Property(r => r.RequestHash).HasMaxLength(64);
        builder.Property(r => r.ContentType).HasMaxLength(100);
        builder.HasIndex(r => r.CreatedAt);
    }
}
