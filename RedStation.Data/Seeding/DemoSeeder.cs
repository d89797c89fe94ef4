using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using RedStation.Data.Analytics;
using RedStation.Data.Entities;
using RedStation.Data.Geography;
using RedStation.Data.Persistence;
using RedStation.Data.Time;

namespace RedStation.Data.Seeding;

public sealed record SeedSummary(
    int Districts,
    int Communities,
    int RedStations,
    int OpenRedStations,
    int SharedVenues,
    int Volunteers,
    int DutySessions,
    int Activities,
    int OccupancyChanges,
    int Wishes,
    int MediationCases,
    TimeSpan Elapsed);

/// <summary>
/// Seeds an empty database with a demo network at the real programme's scale: 200 Red Stations
/// (147 open), 253 shared venues, 17,000 volunteers and <see cref="SeedOptions.Days"/> days of
/// history ending now. The same <see cref="SeedOptions.RandomSeed"/> and clock give the same network.
/// </summary>
public sealed class DemoSeeder(
    IDbContextFactory<RedStationDbContext> contextFactory,
    CityClock clock,
    DatabaseDialect dialect,
    CityBoundaries boundaries,
    IOptions<SeedOptions> options,
    SummaryRebuilder summaries)
{
    public const int PlannedRedStations = 200;
    public const int OpenRedStations = 147;
    public const int SharedVenues = 253;
    public const int VolunteerCount = 17_000;

    /// <summary>Seeds when the database holds no district yet; answers what it wrote, or null.</summary>
    public async Task<SeedSummary?> SeedIfEmptyAsync(CancellationToken cancellationToken = default)
    {
        var stopwatch = Stopwatch.StartNew();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);

        // One transaction for the whole network: a seed is all there or not at all, and the
        // emptiness check inside it keeps two starting servers from seeding twice.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await dialect.LockForSeedingAsync(db, cancellationToken);
        if (await db.Districts.AnyAsync(cancellationToken))
        {
            return null;
        }

        var settings = options.Value;
        var network = new DemoNetworkBuilder(settings.RandomSeed, clock, boundaries).BuildNetwork();
        db.Districts.AddRange(network.Districts);
        db.Teams.AddRange(network.Teams);
        db.ActivityTypes.AddRange(network.ActivityTypes);
        await db.SaveChangesAsync(cancellationToken);

        await dialect.BeginBulkLoadAsync(db, cancellationToken);
        var connection = db.Database.GetDbConnection();
        var dbTransaction = transaction.GetDbTransaction();
        var history = new DemoHistoryWriter(network, clock, settings.RandomSeed, Math.Max(settings.Days, 1));
        var counts = history.Write(connection, dbTransaction);

        // The head-count each station ends the history with is its current head-count.
        foreach (var station in network.Stations)
        {
            (station.Occupancy, station.OccupancyUpdatedAt) = history.FinalOccupancy(station.Id);
        }

        await db.SaveChangesAsync(cancellationToken);
        // The network was written with its own keys; the next key generated must be past them.
        await dialect.SynchroniseKeySequencesAsync(db, cancellationToken);

        // The bulk inserts bypass the change tracker, so the analytics summaries are computed from the rows just
        // written, in the same transaction: a seeded network always has its summaries.
        await summaries.RebuildAsync(db, cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        return new SeedSummary(
            network.Districts.Count,
            network.Districts.Sum(d => d.Communities.Count),
            network.Stations.Count(s => s.CountsTowardTarget),
            network.Stations.Count(s => s.CountsTowardTarget && s.Status == StationStatus.Open),
            network.Stations.Count(s => !s.CountsTowardTarget),
            network.Volunteers.Count,
            counts.DutySessions,
            counts.Activities,
            counts.OccupancyChanges,
            counts.Wishes,
            counts.MediationCases,
            stopwatch.Elapsed);
    }
}

internal sealed record HistoryCounts(int DutySessions, int Activities, int OccupancyChanges, int Wishes, int MediationCases);

/// <summary>A volunteer as the generator sees them; written in bulk, never tracked.</summary>
internal sealed record VolunteerSeed(
    int Id, string Name, string Initials, string Phone, string MemberNumber, string WorkUnit,
    int CommunityId, int DistrictId, string? Skills, DateTime RegisteredAt, int[] TeamIds);

internal sealed record DemoNetwork(
    List<District> Districts,
    List<Station> Stations,
    Dictionary<int, int> StationDistrict,
    List<Team> Teams,
    List<ActivityType> ActivityTypes,
    List<VolunteerSeed> Volunteers,
    Dictionary<int, DemoCatalog.StorySeed> Story);
