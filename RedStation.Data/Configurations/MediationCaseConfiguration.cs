using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RedStation.Data.Entities;

namespace RedStation.Data.Configurations;

internal sealed class MediationCaseConfiguration : IEntityTypeConfiguration<MediationCase>
{
    public void Configure(EntityTypeBuilder<MediationCase> builder)
    {
        builder.Property(m => m.Summary).HasMaxLength(TextLimits.Summary);
        builder.Property(m => m.Mediator).HasMaxLength(TextLimits.PersonName);
        builder.Property(m => m.Outcome).HasMaxLength(TextLimits.Note);
        builder.Property(m => m.Version).IsConcurrencyToken();
        builder.HasOne(m => m.Station).WithMany()
            .HasForeignKey(m => m.StationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(m => new { m.StationId, m.Status });
        builder.HasIndex(m => m.OpenedAt);

        // The live snapshot's build (LiveState): each station's last opened or closed case is one seek; the open cases
        // and this month's resolved ones are read by (Status, ClosedAt).
        builder.HasIndex(m => new { m.StationId, m.OpenedAt });
        builder.HasIndex(m => new { m.StationId, m.ClosedAt });
        builder.HasIndex(m => new { m.Status, m.ClosedAt });
    }
}
