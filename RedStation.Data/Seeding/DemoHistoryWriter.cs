using System.Data.Common;
using RedStation.Data.Entities;
using RedStation.Data.Time;

namespace RedStation.Data.Seeding;

/// <summary>
/// Writes the volunteers and the days of history that end now: duty sessions, activities,
/// head-count changes, micro-wishes and mediation cases, with the rhythm of a real network —
/// evenings and weekends busier, lectures at weekends, councils on dates ending in 0.
/// Nothing is written after "now"; what is under way now (volunteers on duty, running
/// activities, wishes not yet fulfilled, open cases) is left open. The places of the programme's
/// story hold their own activities too, and disputes go to stations that mediate, the studio at
/// 万达华城 (章芳孝调解工作室) most of all.
/// </summary>
internal sealed class DemoHistoryWriter(DemoNetwork network, CityClock clock, int seed, int days)
{
    /// <summary>The studio's share of the city's mediation cases: about one in twelve, several times any other station's.</summary>
    private const double StudioShare = 0.08;

    private readonly Random _random = new(seed ^ 0x5EED);
    private readonly DateTime _now = clock.UtcNow;
    private readonly Dictionary<int, (int Count, DateTime? At)> _occupancy = [];
    private readonly Dictionary<int, int[]> _volunteersByDistrict = network.Volunteers
        .GroupBy(v => v.DistrictId)
        .ToDictionary(g => g.Key, g => g.Select(v => v.Id).ToArray());

    public (int Count, DateTime? At) FinalOccupancy(int stationId) =>
        _occupancy.GetValueOrDefault(stationId, (0, null));

    public HistoryCounts Write(DbConnection connection, DbTransaction transaction)
    {
        WriteVolunteers(connection, transaction);

        using var sessions = BulkInserter.Open(connection, transaction, "DutySessions", "VolunteerId", "StationId", "CheckedInAt", "CheckedOutAt", "ClosedAutomatically");
        using var activities = BulkInserter.Open(connection, transaction, "Activities",
            "StationId", "ActivityTypeId", "Title", "StartsAt", "EndsAt", "EndedAt", "Attendance", "Organiser", "Notes", "LoggedAt");
        using var occupancy = BulkInserter.Open(connection, transaction, "OccupancyChanges", "StationId", "Delta", "Count", "At");
        using var wishes = BulkInserter.Open(connection, transaction, "MicroWishes",
            "StationId", "Category", "Title", "RequesterName", "RequesterPhone", "Status", "PostedAt",
            "ClaimedByVolunteerId", "ClaimedAt", "FulfilledAt", "FulfilmentNote", "CancelledAt", "CancelReason", "Version");
        using var cases = BulkInserter.Open(connection, transaction, "MediationCases",
            "StationId", "Category", "PartyCount", "Summary", "Status", "Mediator", "OpenedAt", "ClosedAt", "Outcome", "Version");

        var openStations = network.Stations.Where(s => s.Status == StationStatus.Open).ToArray();
        var redStations = openStations.Where(s => s.CountsTowardTarget).ToArray();
        var mediating = redStations.Where(s => s.Services.HasFlag(StationServices.Mediation) && s.Name != DemoCatalog.StudioStation).ToArray();
        var studio = redStations.Single(s => s.Name == DemoCatalog.StudioStation);
        var lastServed = new int[network.Volunteers.Count + 1];
        Array.Fill(lastServed, -1);

        var today = clock.Today;
        for (var d = 0; d < days; d++)
        {
            var date = today.AddDays(d - days + 1);
            foreach (var station in openStations)
            {
                WriteDutySessions(sessions, station, date, d, lastServed);
                WriteOccupancy(occupancy, station, date);
                WriteActivities(activities, station, date);
            }

            WriteWishes(wishes, redStations, openStations, date);
            WriteMediationCases(cases, mediating, studio, date);
        }

        // Each table after those it refers to (the volunteers and the network are written already).
        sessions.Complete();
        activities.Complete();
        occupancy.Complete();
        wishes.Complete();
        cases.Complete();

        return new HistoryCounts(sessions.Count, activities.Count, occupancy.Count, wishes.Count, cases.Count);
    }

    private void WriteVolunteers(DbConnection connection, DbTransaction transaction)
    {
        using var volunteers = BulkInserter.Open(connection, transaction, "Volunteers",
            "Id", "Name", "PinyinInitials", "Phone", "MemberNumber", "WorkUnit", "CommunityId", "Skills", "RegisteredAt");
        using var memberships = BulkInserter.Open(connection, transaction, "VolunteerTeams", "MembersId", "TeamsId");
        foreach (var v in network.Volunteers)
        {
            volunteers.Insert(v.Id, v.Name, v.Initials, v.Phone, v.MemberNumber, v.WorkUnit, v.CommunityId, v.Skills, v.RegisteredAt);
            foreach (var team in v.TeamIds)
            {
                memberships.Insert(v.Id, team);
            }
        }

        volunteers.Complete();
        memberships.Complete();
    }

    private void WriteDutySessions(BulkInserter sessions, Station station, DateOnly date, int dayIndex, int[] lastServed)
    {
        var pool = _volunteersByDistrict[network.StationDistrict[station.Id]];
        var open = station.OpensAt.ToTimeSpan().TotalHours;
        var close = station.ClosesAt.ToTimeSpan().TotalHours;
        var middle = Math.Round((open + close) / 2 * 2) / 2;

        // The duty roster: a morning and an afternoon shift keep nearly every station staffed all day; a handful of
        // shifts go uncovered (the "nobody on duty" alert has something to show, not hundreds of stations).
        const double shiftChance = 0.99;
        foreach (var (from, to) in new[] { (open, middle), (middle, close) })
        {
            if (_random.NextDouble() < shiftChance && PickVolunteer(pool, lastServed, dayIndex) is var volunteer and > 0)
            {
                var checkIn = LocalUtc(date, from + _random.NextDouble() / 4);
                var checkOut = LocalUtc(date, to - _random.NextDouble() / 4);
                if (checkIn < _now)
                {
                    lastServed[volunteer] = dayIndex;
                    sessions.Insert(volunteer, station.Id, checkIn, checkOut > _now ? null : checkOut, false);
                }
            }
        }

        // Then the volunteers who come to serve for an hour or three, most in the evening.
        var baseRate = station.CountsTowardTarget ? Math.Clamp(station.Capacity / 8.0, 2, 12) : 1.5;
        var count = (int)Math.Round(baseRate * DayFactor(date) * (0.6 + _random.NextDouble() * 0.8));
        for (var i = 0; i < count; i++)
        {
            var volunteer = PickVolunteer(pool, lastServed, dayIndex);
            if (volunteer == 0)
            {
                continue;
            }

            // Evenings are the busiest, then mornings and afternoons.
            var hour = PickWeighted<double>([(9.0, 3), (14.5, 3), (19.0, 4)]) + (_random.NextDouble() - 0.5) * 2.5;
            var checkIn = ClampToHours(station, date, hour);
            var checkOut = checkIn.AddMinutes(_random.Next(60, 210));
            var closing = LocalUtc(date, station.ClosesAt.ToTimeSpan().TotalHours);
            if (checkOut > closing)
            {
                checkOut = closing;
            }

            if (checkIn >= _now || checkOut <= checkIn)
            {
                continue;
            }

            lastServed[volunteer] = dayIndex;
            sessions.Insert(volunteer, station.Id, checkIn, checkOut > _now ? null : checkOut, false);
        }
    }

    private int PickVolunteer(int[] pool, int[] lastServed, int dayIndex)
    {
        // A volunteer serves at most once a day here, so no two of their sessions overlap.
        for (var attempt = 0; attempt < 6; attempt++)
        {
            var candidate = pool[_random.Next(pool.Length)];
            if (lastServed[candidate] != dayIndex)
            {
                return candidate;
            }
        }

        return 0;
    }

    private void WriteOccupancy(BulkInserter occupancy, Station station, DateOnly date)
    {
        var open = station.OpensAt.ToTimeSpan().TotalHours;
        var close = station.ClosesAt.ToTimeSpan().TotalHours;
        var step = station.CountsTowardTarget ? 1.0 : 2.5;
        var count = 0;
        DateTime? lastAt = null;
        for (var hour = open + _random.NextDouble() * 0.5; hour < close - 0.25; hour += step * (0.6 + _random.NextDouble() * 0.8))
        {
            var at = LocalUtc(date, hour);
            if (at >= _now)
            {
                break;
            }

            var target = (int)Math.Round(station.Capacity * Load(hour) * DayFactor(date) * (0.7 + _random.NextDouble() * 0.5));
            target = Math.Clamp(target, 0, station.Capacity + station.Capacity / 5);
            if (target == count)
            {
                continue;
            }

            occupancy.Insert(station.Id, target - count, target, at);
            count = target;
            lastAt = at;
        }

        var closingAt = LocalUtc(date, close);
        if (count > 0 && closingAt < _now)
        {
            occupancy.Insert(station.Id, -count, 0, closingAt);
            count = 0;
            lastAt = closingAt;
        }

        if (lastAt is not null)
        {
            _occupancy[station.Id] = (count, lastAt);
        }
    }

    private void WriteActivities(BulkInserter activities, Station station, DateOnly date)
    {
        var weekend = date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
        if (!station.CountsTowardTarget)
        {
            if (_random.NextDouble() < 0.2)
            {
                Activity(activities, station, date, PickWeighted<string>([("weekend-lecture", 3), ("reading-calligraphy", 2), ("traditional-culture", 2), ("chess-tea", 1)]), weekend ? 9.5 : 15, 2);
            }

            return;
        }

        if (weekend && _random.NextDouble() < 0.6)
        {
            Activity(activities, station, date, "weekend-lecture", _random.NextDouble() < 0.5 ? 9.5 : 15, 2);
        }

        if (date.Day % 10 == 0 && _random.NextDouble() < 0.7)
        {
            Activity(activities, station, date, "council", 19.5, 1.5);
        }

        switch (station.Kind)
        {
            case StationKind.ElderlyCare:
                Maybe(0.9, () => Activity(activities, station, date, "healthy-lunch", 11.5, 1));
                Maybe(0.3, () => Activity(activities, station, date, "chess-tea", 14.5, 2));
                Maybe(date.Day == 15 ? 0.9 : 0, () => Activity(activities, station, date, "collective-birthday", 10, 2));
                break;
            case StationKind.ChildrenClassroom:
                Maybe(weekend ? 0.4 : 0.85, () => Activity(activities, station, date, "tutoring", weekend ? 9 : 16.5, 1.5));
                Maybe(weekend ? 0.4 : 0.05, () => Activity(activities, station, date, "parent-child-reading", 15, 1.5));
                break;
            case StationKind.OfficeBuilding:
                Maybe(weekend ? 0 : 0.12, () => Activity(activities, station, date, "political-birthday", 12.5, 1));
                break;
            case StationKind.Park:
                Maybe(0.5, () => Activity(activities, station, date, "fitness-dance", 19.5, 1.5));
                Maybe(weekend ? 0.35 : 0.05, () => Activity(activities, station, date, "film-screening", 19, 2));
                break;
            case StationKind.ResidentialCompound:
                Maybe(0.25, () => Activity(activities, station, date, "fitness-dance", 19.5, 1));
                Maybe(0.12, () => Activity(activities, station, date, "reading-calligraphy", 15, 1.5));
                Maybe(weekend ? 0.15 : 0.03, () => Activity(activities, station, date, "guqin", 15, 1.5));
                Maybe(weekend ? 0.2 : 0.03, () => Activity(activities, station, date, "parent-child-reading", 10, 1.5));
                break;
        }

        if (network.Story.TryGetValue(station.Id, out var place))
        {
            foreach (var activity in place.Activities)
            {
                Maybe(activity.Chance, () => Activity(activities, station, date, activity.Code, activity.StartHour, activity.Hours));
            }
        }
    }

    private void Activity(BulkInserter activities, Station station, DateOnly date, string typeCode, double startHour, double hours)
    {
        var typeIndex = Array.FindIndex(DemoCatalog.ActivityTypes, t => t.Code == typeCode);
        var type = DemoCatalog.ActivityTypes[typeIndex];
        var startsAt = LocalUtc(date, startHour);
        var endsAt = startsAt.AddHours(hours);
        var loggedAt = startsAt.AddHours(-_random.Next(2, 72));
        if (loggedAt >= _now)
        {
            return;
        }

        var attendance = Math.Max(3, (int)(station.Capacity * (0.3 + _random.NextDouble() * 0.6)));
        var organiser = station.HostUnit ?? station.Community?.PartyOrganisation;
        activities.Insert(station.Id, typeIndex + 1, Pick(type.Titles), startsAt, endsAt,
            endsAt <= _now ? endsAt : null, attendance, organiser, null, loggedAt);
    }

    private void WriteWishes(BulkInserter wishes, Station[] redStations, Station[] openStations, DateOnly date)
    {
        var count = 25 + _random.Next(20);
        for (var i = 0; i < count; i++)
        {
            var station = _random.NextDouble() < 0.85 ? Pick(redStations) : Pick(openStations);
            var postedAt = LocalUtc(date, 8 + _random.NextDouble() * 12);
            if (postedAt >= _now)
            {
                continue;
            }

            var (category, _, titles) = PickWeighted(DemoCatalog.Wishes.Select(w => (w, w.Weight)).ToArray());
            var requester = Pick(DemoCatalog.Surnames).Char + Pick(DemoCatalog.ResidentGivenNames);
            var status = WishStatus.Posted;
            int? claimedBy = null;
            DateTime? claimedAt = null, fulfilledAt = null, cancelledAt = null;
            string? note = null, cancelReason = null;

            if (_random.NextDouble() < 0.03)
            {
                var at = postedAt.AddHours(_random.Next(1, 48));
                if (at < _now)
                {
                    (status, cancelledAt, cancelReason) = (WishStatus.Cancelled, at, "居民已自行解决");
                }
            }
            else if (_random.NextDouble() < 0.998)
            {
                // Claimed within the 3 days' limit and fulfilled within the 7 days' one, as a network that keeps its
                // promises does; about one wish in 500 is never claimed, and one claimed in 500 never fulfilled.
                var at = postedAt.AddHours(1 + _random.NextDouble() * 60);
                if (at < _now)
                {
                    var pool = _volunteersByDistrict[network.StationDistrict[station.Id]];
                    (status, claimedBy, claimedAt) = (WishStatus.Claimed, pool[_random.Next(pool.Length)], at);
                    var done = at.AddHours(4 + _random.NextDouble() * 100);
                    if (_random.NextDouble() < 0.998 && done < _now)
                    {
                        (status, fulfilledAt, note) = (WishStatus.Fulfilled, done, "已完成，居民满意");
                    }
                }
            }

            wishes.Insert(station.Id, (int)category, Pick(titles), requester, null, (int)status, postedAt,
                claimedBy, claimedAt, fulfilledAt, note, cancelledAt, cancelReason, 0);
        }
    }

    private void WriteMediationCases(BulkInserter cases, Station[] mediating, Station studio, DateOnly date)
    {
        var count = 3 + _random.Next(5);
        for (var i = 0; i < count; i++)
        {
            var station = _random.NextDouble() < StudioShare ? studio : Pick(mediating);
            var openedAt = LocalUtc(date, 9 + _random.NextDouble() * 10);
            if (openedAt >= _now)
            {
                continue;
            }

            var (category, _, summaries) = PickWeighted(DemoCatalog.Mediations.Select(m => (m, m.Weight)).ToArray());
            var mediator = Pick(DemoCatalog.Surnames).Char + Pick(DemoCatalog.GivenNameChars).Char + Pick(DemoCatalog.GivenNameChars).Char;
            if (station == studio)
            {
                mediator = DemoCatalog.StudioMediator;
            }
            var status = MediationStatus.Open;
            DateTime? closedAt = null;
            string? outcome = null;
            var roll = _random.NextDouble();
            var at = openedAt.AddHours(6 + _random.NextDouble() * 240);
            // Settled or referred within the 14 days' limit, but for about one case in 200.
            if (roll < 0.88 && at < _now)
            {
                (status, closedAt, outcome) = (MediationStatus.Resolved, at, "双方达成和解协议");
            }
            else if (roll < 0.995 && at < _now)
            {
                (status, closedAt, outcome) = (MediationStatus.Referred, at, Pick(["移交派出所处理", "移交物业公司整改", "移交市场监管部门", "引导通过诉讼解决"]));
            }

            cases.Insert(station.Id, (int)category, 2 + (_random.NextDouble() < 0.2 ? _random.Next(1, 6) : 0), Pick(summaries),
                (int)status, mediator, openedAt, closedAt, outcome, 0);
        }
    }

    /// <summary>Busier at weekends, quieter on Mondays.</summary>
    private static double DayFactor(DateOnly date) => date.DayOfWeek switch
    {
        DayOfWeek.Saturday or DayOfWeek.Sunday => 1.4,
        DayOfWeek.Monday => 0.85,
        _ => 1.0,
    };

    /// <summary>Share of capacity in use by hour of day: a morning, an afternoon and a larger evening peak.</summary>
    private static double Load(double hour) =>
        0.05 + 0.35 * Bump(hour, 10, 1.5) + 0.3 * Bump(hour, 15, 1.5) + 0.55 * Bump(hour, 19.5, 1.2);

    private static double Bump(double x, double centre, double width) => Math.Exp(-Math.Pow((x - centre) / width, 2));

    private DateTime ClampToHours(Station station, DateOnly date, double hour)
    {
        var open = station.OpensAt.ToTimeSpan().TotalHours;
        var close = station.ClosesAt.ToTimeSpan().TotalHours - 0.5;
        return LocalUtc(date, Math.Clamp(hour, open, close));
    }

    /// <summary>The UTC instant of a city-local hour on a date, to the minute.</summary>
    private DateTime LocalUtc(DateOnly date, double hour) =>
        clock.ToUtc(date.ToDateTime(TimeOnly.MinValue).AddMinutes(Math.Floor(hour * 60)));

    private void Maybe(double probability, Action action)
    {
        if (_random.NextDouble() < probability)
        {
            action();
        }
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private T PickWeighted<T>((T Item, int Weight)[] items)
    {
        var roll = _random.Next(items.Sum(i => i.Weight));
        foreach (var (item, weight) in items)
        {
            if ((roll -= weight) < 0)
            {
                return item;
            }
        }

        return items[^1].Item;
    }
}
