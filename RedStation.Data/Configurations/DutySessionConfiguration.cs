using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RedStation.Data.Entities;

namespace RedStation.Data.Configurations;

internal sealed class DutySessionConfiguration : IEntityTypeConfiguration<DutySession>
{
    public void Configure(EntityTypeBuilder<DutySession> builder)
    {
        builder.HasOne(d => d.Volunteer).WithMany()
            .HasForeignKey(d => d.VolunteerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(d => d.Station).WithMany()
            .HasForeignKey(d => d.StationId).OnDelete(DeleteBehavior.Restrict);

        // The database itself guarantees "one open session per volunteer, anywhere":
        // two desks checking in the same person at once cannot both win.
        builder.HasIndex(d => d.VolunteerId)
            .IsUnique()
            .HasFilter("\"CheckedOutAt\" IS NULL")
            .HasDatabaseName("UX_DutySessions_OpenPerVolunteer");
        builder.HasIndex(d => new { d.VolunteerId, d.CheckedInAt });
        builder.HasIndex(d => new { d.StationId, d.CheckedInAt });
        builder.HasIndex(d => d.CheckedInAt);

        // Analytics aggregate sessions by the hour they began, over the city or a set of stations: covering
        // indexes let those scans read the index alone, never the table.
        builder.HasIndex(d => new { d.CheckedInAt, d.StationId, d.VolunteerId, d.CheckedOutAt }, "IX_DutySessions_Analytics_Time");
        builder.HasIndex(d => new { d.StationId, d.CheckedInAt, d.VolunteerId, d.CheckedOutAt }, "IX_DutySessions_Analytics_Station");

        // The live snapshot's build (LiveState): each station's last check-out is one seek, today's check-outs and
        // the latest check-outs a range of the check-out time (open sessions come from the partial index above).
        builder.HasIndex(d => new { d.StationId, d.CheckedOutAt });
        builder.HasIndex(d => d.CheckedOutAt);
    }
}
