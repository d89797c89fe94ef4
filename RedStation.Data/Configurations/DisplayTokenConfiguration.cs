using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RedStation.Data.Entities;

namespace RedStation.Data.Configurations;

internal sealed class DisplayTokenConfiguration : IEntityTypeConfiguration<DisplayToken>
{
    public void Configure(EntityTypeBuilder<DisplayToken> builder)
    {
        builder.Property(t => t.Name).HasMaxLength(TextLimits.Name);
        builder.Property(t => t.Prefix).HasMaxLength(16);
        builder.Property(t => t.Hash).HasMaxLength(32);
        builder.Property(t => t.Scope).HasMaxLength(40);
        builder.Property(t => t.Playlist).HasMaxLength(DisplayPlaylist.MaxStoredLength);
        builder.Property(t => t.CreatedBy).HasMaxLength(TextLimits.Name);
        builder.Property(t => t.RevokedBy).HasMaxLength(TextLimits.Name);
        builder.HasIndex(t => t.Hash).IsUnique();
        builder.Ignore(t => t.IsActive);
    }
}
