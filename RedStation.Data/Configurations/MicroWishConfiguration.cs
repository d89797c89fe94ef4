using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RedStation.Data.Entities;

namespace RedStation.Data.Configurations;

internal sealed class MicroWishConfiguration : IEntityTypeConfiguration<MicroWish>
{
    public void Configure(EntityTypeBuilder<MicroWish> builder)
    {
        builder.Property(w => w.Title).HasMaxLength(TextLimits.Title);
        builder.Property(w => w.RequesterName).HasMaxLength(TextLimits.PersonName);
        builder.Property(w => w.RequesterPhone).HasMaxLength(TextLimits.Phone);
        builder.Property(w => w.FulfilmentNote).HasMaxLength(TextLimits.Note);
        builder.Property(w => w.CancelReason).HasMaxLength(TextLimits.Note);
        builder.Property(w => w.Version).IsConcurrencyToken();
        builder.HasOne(w => w.Station).WithMany()
            .HasForeignKey(w => w.StationId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(w => w.ClaimedBy).WithMany()
            .HasForeignKey(w => w.ClaimedByVolunteerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(w => new { w.StationId, w.Status });
        builder.HasIndex(w => w.PostedAt);
        builder.HasIndex(w => new { w.ClaimedByVolunteerId, w.FulfilledAt });

        // The live snapshot's build (LiveState): each station's last wish event is one seek per kind; the open
        // wishes and today's posts, claims and fulfilments are read by index, not by a scan of every wish ever made.
        builder.HasIndex(w => new { w.StationId, w.PostedAt });
        builder.HasIndex(w => new { w.StationId, w.ClaimedAt });
        builder.HasIndex(w => new { w.StationId, w.FulfilledAt });
        builder.HasIndex(w => new { w.StationId, w.CancelledAt });
        builder.HasIndex(w => w.Status);
        builder.HasIndex(w => w.ClaimedAt);
        builder.HasIndex(w => w.FulfilledAt);
    }
}
