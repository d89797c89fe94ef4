using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RedStation.Data.Entities;

namespace RedStation.Data.Configurations;

internal sealed class StationDaySummaryConfiguration : IEntityTypeConfiguration<StationDaySummary>
{
    public void Configure(EntityTypeBuilder<StationDaySummary> builder)
    {
        builder.HasKey(s => new { s.StationId, s.Day });
        builder.HasOne<Station>().WithMany().HasForeignKey(s => s.StationId).OnDelete(DeleteBehavior.Cascade);
        HourlyColumns.Configure(builder);

        // Station rankings add up every station's days in a period: by day first, and covering the figures they add,
        // so that a year of the network (165,000 rows) is read from the index without the rows' hourly text.
        builder.HasIndex(s => new
        {
            s.Day, s.StationId, s.CheckIns, s.ClosedSessionTicks, s.OpenSessions, s.OpenCheckInMilliseconds, s.Activities, s.Attendance,
        }).HasDatabaseName("IX_StationDaySummaries_Rankings");
    }
}

internal sealed class StationMonthSummaryConfiguration : IEntityTypeConfiguration<StationMonthSummary>
{
    public void Configure(EntityTypeBuilder<StationMonthSummary> builder)
    {
        // By month first: a period reads a range of months for every station.
        builder.HasKey(s => new { s.Month, s.StationId });
        builder.HasOne<Station>().WithMany().HasForeignKey(s => s.StationId).OnDelete(DeleteBehavior.Cascade);
        builder.Ignore(s => s.IsEmpty);
    }
}

internal sealed class AreaDaySummaryConfiguration : IEntityTypeConfiguration<AreaDaySummary>
{
    public void Configure(EntityTypeBuilder<AreaDaySummary> builder)
    {
        builder.HasKey(s => new { s.DistrictId, s.Kind, s.Day });
        builder.HasOne<District>().WithMany().HasForeignKey(s => s.DistrictId).OnDelete(DeleteBehavior.Cascade);
        HourlyColumns.Configure(builder);
        builder.HasIndex(s => s.Day);
    }
}

internal sealed class SummaryStateConfiguration : IEntityTypeConfiguration<SummaryState>
{
    public void Configure(EntityTypeBuilder<SummaryState> builder) =>
        builder.Property(s => s.Id).ValueGeneratedNever();
}
