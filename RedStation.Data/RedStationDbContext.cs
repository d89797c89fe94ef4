using Microsoft.EntityFrameworkCore;
using RedStation.Data.Entities;
using RedStation.Data.Persistence;

namespace RedStation.Data;

/// <summary>
/// The network's database. Add a migration with
/// <c>dotnet ef migrations add NAME --project RedStation.Data --startup-project RedStation.Dashboard</c>.
/// </summary>
public sealed class RedStationDbContext(DbContextOptions<RedStationDbContext> options) : DbContext(options)
{
    public DbSet<District> Districts => Set<District>();
    public DbSet<Community> Communities => Set<Community>();
    public DbSet<Station> Stations => Set<Station>();
    public DbSet<Volunteer> Volunteers => Set<Volunteer>();
    public DbSet<Team> Teams => Set<Team>();
    public DbSet<DutySession> DutySessions => Set<DutySession>();
    public DbSet<ActivityType> ActivityTypes => Set<ActivityType>();
    public DbSet<Activity> Activities => Set<Activity>();
    public DbSet<OccupancyChange> OccupancyChanges => Set<OccupancyChange>();
    public DbSet<MicroWish> MicroWishes => Set<MicroWish>();
    public DbSet<MediationCase> MediationCases => Set<MediationCase>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(RedStationDbContext).Assembly);

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every instant is stored in UTC; day boundaries are the city's (see CityClock).
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }
}
