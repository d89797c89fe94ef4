using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RedStation.Data.Entities;

namespace RedStation.Data.Configurations;

internal sealed class AlertConfiguration : IEntityTypeConfiguration<Alert>
{
    public void Configure(EntityTypeBuilder<Alert> builder)
    {
        builder.Property(a => a.AcknowledgedBy).HasMaxLength(TextLimits.Name);
        builder.Ignore(a => a.IsOpen);

        // At most one open alert per rule and subject, whichever server evaluates the rules.
        builder.HasIndex(a => new { a.Rule, a.StationId, a.SubjectId })
            .IsUnique()
            .HasFilter("\"ClosedAt\" IS NULL")
            .HasDatabaseName("IX_Alerts_OpenPerSubject");

        // The history, newest first, for the city or one station.
        builder.HasIndex(a => a.OpenedAt);
        builder.HasIndex(a => new { a.StationId, a.OpenedAt });
    }
}
