using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RedStation.Data.Entities;

namespace RedStation.Data.Configurations;

internal sealed class SignInLockoutConfiguration : IEntityTypeConfiguration<SignInLockout>
{
    public void Configure(EntityTypeBuilder<SignInLockout> builder)
    {
        builder.Property(l => l.UserName).HasMaxLength(SignInLockout.MaxUserNameLength);
        builder.Property(l => l.NormalizedUserName).HasMaxLength(SignInLockout.MaxUserNameLength);
        builder.Property(l => l.Address).HasMaxLength(SignInLockout.MaxAddressLength);
        builder.Property(l => l.UserId).HasMaxLength(450);
        builder.Property(l => l.LiftedBy).HasMaxLength(TextLimits.Name);
        // The people page lists the recent ones; the sign-in looks up a lift for a name and address.
        builder.HasIndex(l => l.StartedAt);
        builder.HasIndex(l => new { l.Address, l.NormalizedUserName });
        builder.HasIndex(l => l.UserId);
    }
}
