using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RedStation.Data.Entities;

namespace RedStation.Data.Configurations;

internal sealed class VolunteerConfiguration : IEntityTypeConfiguration<Volunteer>
{
    public void Configure(EntityTypeBuilder<Volunteer> builder)
    {
        builder.Property(v => v.Name).HasMaxLength(TextLimits.PersonName);
        builder.Property(v => v.PinyinInitials).HasMaxLength(TextLimits.PersonName);
        builder.Property(v => v.Phone).HasMaxLength(TextLimits.Phone);
        builder.Property(v => v.MemberNumber).HasMaxLength(TextLimits.MemberNumber);
        builder.Property(v => v.WorkUnit).HasMaxLength(TextLimits.Name);
        builder.Property(v => v.Skills).HasMaxLength(TextLimits.Skills);
        builder.HasIndex(v => v.MemberNumber).IsUnique();
        builder.HasIndex(v => v.Phone).IsUnique();
        builder.HasIndex(v => v.Name);
        builder.HasIndex(v => v.PinyinInitials);
        builder.HasOne(v => v.Community).WithMany()
            .HasForeignKey(v => v.CommunityId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(v => v.Teams).WithMany(t => t.Members)
            .UsingEntity("VolunteerTeams");
    }
}

internal sealed class TeamConfiguration : IEntityTypeConfiguration<Team>
{
    public void Configure(EntityTypeBuilder<Team> builder)
    {
        builder.Property(t => t.Name).HasMaxLength(TextLimits.Name);
        builder.Property(t => t.NameEn).HasMaxLength(TextLimits.Name);
        builder.HasIndex(t => t.Name).IsUnique();
    }
}
