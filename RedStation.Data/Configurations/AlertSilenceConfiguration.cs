using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RedStation.Data.Entities;

namespace RedStation.Data.Configurations;

internal sealed class AlertSilenceConfiguration : IEntityTypeConfiguration<AlertSilence>
{
    public void Configure(EntityTypeBuilder<AlertSilence> builder)
    {
        builder.Property(s => s.Reason).HasMaxLength(AlertSilence.ReasonMaxLength);
        builder.Property(s => s.CreatedBy).HasMaxLength(TextLimits.Name);
        builder.Property(s => s.LiftedBy).HasMaxLength(TextLimits.Name);

        // The silences not lifted are read at every live-state build. A new silence lifts the one it replaces in the same
        // write; two servers silencing the same group at once leave two, and the readers take the latest.
        builder.HasIndex(s => s.LiftedAt);
        builder.HasIndex(s => new { s.Rule, s.StationId });
    }
}
