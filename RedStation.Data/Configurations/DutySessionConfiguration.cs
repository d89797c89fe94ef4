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
    }
}
