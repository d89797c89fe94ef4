using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using RedStation.Data.Entities;
using RedStation.Data.Persistence;
using RedStation.Data.Security;
using RedStation.Data.Services;
using static RedStation.Tests.Infrastructure.TestNetwork;

namespace RedStation.Tests.Domain;

public class AuditTrailTests : DomainTestBase
{
    private static readonly Actor DutyStaff = new(ActorKind.Person, "user-17", "duty");

    [Fact]
    public async Task AWrite_RecordsWhoWhenWhatAndTheNewValues_InTheSameCommit()
    {
        DutySession session;
        using (ActorContext.Begin(DutyStaff))
        {
            session = AssertSucceeded(await Service<DutyService>().CheckInAsync(OpenStationId, VolunteerA));
        }

        await using var db = await Database.CreateContextAsync();
        var entry = await db.AuditEntries.SingleAsync();
        Assert.Equal((ActorKind.Person, "user-17", "duty"), (entry.ActorKind, entry.ActorId, entry.ActorName));
        Assert.Equal(Database.Time.GetUtcNow().UtcDateTime, entry.At);
        Assert.Equal((nameof(DutySession), session.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), AuditChange.Added), (entry.Entity, entry.EntityKey, entry.Change));
        Assert.Equal(OpenStationId, entry.StationId);
        Assert.Null(entry.Before);
        using var after = JsonDocument.Parse(entry.After!);
        Assert.Equal(VolunteerA, after.RootElement.GetProperty(nameof(DutySession.VolunteerId)).GetInt32());
    }

    [Fact]
    public async Task AModification_RecordsOnlyTheChangedValues_BeforeAndAfter()
    {
        AssertSucceeded(await Service<OccupancyService>().SetAsync(OpenStationId, 5));
        AssertSucceeded(await Service<OccupancyService>().SetAsync(OpenStationId, 8));

        await using var db = await Database.CreateContextAsync();
        var stationChanges = await db.AuditEntries.Where(a => a.Entity == nameof(Station)).OrderBy(a => a.Id).ToListAsync();
        Assert.Equal(2, stationChanges.Count);
        var last = stationChanges[^1];
        Assert.Equal(AuditChange.Modified, last.Change);
        Assert.Equal(OpenStationId, last.StationId);
        using var before = JsonDocument.Parse(last.Before!);
        using var after = JsonDocument.Parse(last.After!);
        Assert.Equal(5, before.RootElement.GetProperty(nameof(Station.Occupancy)).GetInt32());
        Assert.Equal(8, after.RootElement.GetProperty(nameof(Station.Occupancy)).GetInt32());
        Assert.False(after.RootElement.TryGetProperty(nameof(Station.Name), out _), "an unchanged value is not repeated");
    }

    [Fact]
    public async Task AWriteWithNoActor_IsRecordedAsTheSystem()
    {
        AssertSucceeded(await Service<DutyService>().CheckInAsync(OpenStationId, VolunteerA));

        await using var db = await Database.CreateContextAsync();
        Assert.Equal(ActorKind.System, (await db.AuditEntries.SingleAsync()).ActorKind);
    }

    [Fact]
    public async Task ARefusedWrite_NextToACommittedOne_LeavesNoAuditEntry()
    {
        // Queued together, the two share a transaction: only the committed one is audited.
        var refused = Service<DutyService>().CheckInAsync(UnknownId, VolunteerA);
        var accepted = Service<DutyService>().CheckInAsync(OpenStationId, VolunteerB);
        Assert.False((await refused).Succeeded);
        AssertSucceeded(await accepted);

        await using var db = await Database.CreateContextAsync();
        var entry = await db.AuditEntries.SingleAsync();
        Assert.Equal(OpenStationId, entry.StationId);
    }
}

public sealed class AuditTrailTests_PostgreSQL : AuditTrailTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSQL;
}
