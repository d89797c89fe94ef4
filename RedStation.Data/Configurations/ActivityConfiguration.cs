using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RedStation.Data.Entities;

namespace RedStation.Data.Configurations;

internal sealed class ActivityConfiguration : IEntityTypeConfiguration<Activity>
{
    public void Configure(EntityTypeBuilder<Activity> builder)
    {
        builder.Property(a => a.Title).HasMaxLength(TextLimits.Title);
        builder.Property(a => a.Organiser).HasMaxLength(TextLimits.Name);
        builder.Property(a => a.Notes).HasMaxLength(TextLimits.Note);
        builder.HasOne(a => a.Station).WithMany()
            .HasForeignKey(a => a.StationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(a => a.Type).WithMany()
            .HasForeignKey(a => a.ActivityTypeId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(a => new { a.StationId, a.StartsAt });
        builder.HasIndex(a => a.StartsAt);

        // Analytics count activities and sum attendance by start hour: covering, as for duty sessions.
        builder.HasIndex(a => new { a.StartsAt, a.StationId, a.Attendance }, "IX_Activities_Analytics_Time");
        builder.HasIndex(a => new { a.StationId, a.StartsAt, a.Attendance }, "IX_Activities_Analytics_Station");

        // The live snapshot's build (LiveState): each station's last logged or ended activity, the latest logged.
        builder.HasIndex(a => new { a.StationId, a.LoggedAt });
        builder.HasIndex(a => new { a.StationId, a.EndedAt });
        builder.HasIndex(a => a.LoggedAt);
    }
}

internal sealed class ActivityTypeConfiguration : IEntityTypeConfiguration<ActivityType>
{
    public void Configure(EntityTypeBuilder<ActivityType> builder)
    {
        builder.Property(t => t.Code).HasMaxLength(TextLimits.Code * 2);
        builder.Property(t => t.Name).HasMaxLength(TextLimits.Name);
        builder.Property(t => t.NameEn).HasMaxLength(TextLimits.Name);
        builder.HasIndex(t => t.Code).IsUnique();
    }
}
