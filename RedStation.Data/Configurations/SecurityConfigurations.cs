using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RedStation.Data.Entities;

namespace RedStation.Data.Configurations;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.Property(a => a.ActorId).HasMaxLength(100);
        builder.Property(a => a.ActorName).HasMaxLength(TextLimits.Name);
        builder.Property(a => a.Entity).HasMaxLength(100);
        builder.Property(a => a.EntityKey).HasMaxLength(200);
        builder.Property(a => a.ActorKind).HasConversion<string>().HasMaxLength(20);
        builder.Property(a => a.Change).HasConversion<string>().HasMaxLength(20);
        // The audit page pages newest first, filtered by station, actor or entity.
        builder.HasIndex(a => a.At);
        builder.HasIndex(a => new { a.StationId, a.At });
        builder.HasIndex(a => new { a.ActorId, a.At });
        builder.HasIndex(a => new { a.Entity, a.EntityKey });
    }
}

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

internal sealed class DisplayTokenConfiguration : IEntityTypeConfiguration<DisplayToken>
{
    public void Configure(EntityTypeBuilder<DisplayToken> builder)
    {
        builder.Property(t => t.Name).HasMaxLength(TextLimits.Name);
        builder.Property(t => t.Prefix).HasMaxLength(16);
        builder.Property(t => t.Hash).HasMaxLength(32);
        builder.Property(t => t.Scope).HasMaxLength(40);
        builder.Property(t => t.CreatedBy).HasMaxLength(TextLimits.Name);
        builder.Property(t => t.RevokedBy).HasMaxLength(TextLimits.Name);
        builder.HasIndex(t => t.Hash).IsUnique();
        builder.Ignore(t => t.IsActive);
    }
}
