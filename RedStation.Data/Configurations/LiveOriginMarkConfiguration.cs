using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RedStation.Data.Entities;

namespace RedStation.Data.Configurations;

internal sealed class LiveOriginMarkConfiguration : IEntityTypeConfiguration<LiveOriginMark>
{
    public void Configure(EntityTypeBuilder<LiveOriginMark> builder)
    {
        builder.HasKey(m => m.OriginId);
        builder.Property(m => m.OriginId).HasMaxLength(32);
    }
}
