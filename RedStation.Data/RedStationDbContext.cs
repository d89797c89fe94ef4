using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using RedStation.Data.Entities;
using RedStation.Data.Persistence;

namespace RedStation.Data;

/// <summary>
/// The network's database, on SQLite or PostgreSQL (<c>Database:Provider</c>). Each provider has its own migrations:
/// SQLite's in <c>RedStation.Data/Migrations</c>, PostgreSQL's in the <c>RedStation.Data.PostgreSQL</c> project.
/// Add a migration to both with <c>scripts/add-migration.sh NAME</c>, which runs
/// <c>dotnet ef migrations add NAME --project RedStation.Data --startup-project RedStation.Dashboard --output-dir Migrations</c> and
/// <c>dotnet ef migrations add NAME --project RedStation.Data.PostgreSQL --startup-project RedStation.Dashboard --output-dir Migrations
/// -- --Database:Provider=PostgreSQL --ConnectionStrings:RedStation=Host=localhost</c> (no server needed).
/// </summary>
/// <remarks>
/// Identity and the data-protection keys live in the same database as the network: one file to back up,
/// one connection string, and the station assignments of duty staff (<see cref="StaffStation"/>) can be a
/// real foreign key to <see cref="Station"/>.
/// </remarks>
public sealed class RedStationDbContext(DbContextOptions<RedStationDbContext> options)
    : IdentityDbContext<StaffUser, IdentityRole, string>(options), IDataProtectionKeyContext
{
    public DbSet<District> Districts => Set<District>();
    public DbSet<Community> Communities => Set<Community>();
    public DbSet<Station> Stations => Set<Station>();
    public DbSet<Unit> Units => Set<Unit>();
    public DbSet<Volunteer> Volunteers => Set<Volunteer>();
    public DbSet<Team> Teams => Set<Team>();
    public DbSet<DutySession> DutySessions => Set<DutySession>();
    public DbSet<ActivityType> ActivityTypes => Set<ActivityType>();
    public DbSet<Activity> Activities => Set<Activity>();
    public DbSet<OccupancyChange> OccupancyChanges => Set<OccupancyChange>();
    public DbSet<MicroWish> MicroWishes => Set<MicroWish>();
    public DbSet<MediationCase> MediationCases => Set<MediationCase>();
    public DbSet<IdempotencyRecord> IdempotencyRecords => Set<IdempotencyRecord>();
    public DbSet<StaffStation> StaffStations => Set<StaffStation>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<IntegrationKey> IntegrationKeys => Set<IntegrationKey>();
    public DbSet<DisplayToken> DisplayTokens => Set<DisplayToken>();
    public DbSet<SignInLockout> SignInLockouts => Set<SignInLockout>();
    public DbSet<Alert> Alerts => Set<Alert>();
    public DbSet<AlertRuleSetting> AlertRuleSettings => Set<AlertRuleSetting>();
    public DbSet<AlertSilence> AlertSilences => Set<AlertSilence>();
    public DbSet<ContactPoint> ContactPoints => Set<ContactPoint>();
    public DbSet<ContactPointDelivery> ContactPointDeliveries => Set<ContactPointDelivery>();
    public DbSet<LiveOriginMark> LiveOriginMarks => Set<LiveOriginMark>();
    public DbSet<StationDaySummary> StationDaySummaries => Set<StationDaySummary>();
    public DbSet<AreaDaySummary> AreaDaySummaries => Set<AreaDaySummary>();
    public DbSet<StationMonthSummary> StationMonthSummaries => Set<StationMonthSummary>();
    public DbSet<SummaryState> SummaryStates => Set<SummaryState>();
    public DbSet<ProgrammeBaseline> ProgrammeBaselines => Set<ProgrammeBaseline>();
    public DbSet<StationBaseline> StationBaselines => Set<StationBaseline>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(RedStationDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every instant is stored in UTC; day boundaries are the city's (see CityClock).
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();

        if (Database.IsNpgsql())
        {
            // Text compares and sorts byte by byte, as in SQLite: equality and LIKE are case-sensitive and Chinese
            // names sort by code point, whatever locale the server's database was created with.
            configurationBuilder.Properties<string>().UseCollation("C");
        }
    }
}
