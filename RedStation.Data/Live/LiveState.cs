using Microsoft.EntityFrameworkCore;
using RedStation.Data.Entities;
using RedStation.Data.Time;

namespace RedStation.Data.Live;

/// <summary>
/// The mutable live state of one city day: built from the database, then moved forward by
/// applying each committed event. Not thread-safe: <see cref="LiveFeed"/> guards it.
/// </summary>
internal sealed class LiveState
{
    public const int RecentCapacity = 50;

    private readonly Dictionary<int, StationState> _stations;
    private readonly Dictionary<int, District> _districts;
    private readonly Dictionary<int, ActivityType> _activityTypes;
    private readonly CityClock _clock;
    private readonly Queue<LiveEvent> _recent = new();
    private readonly Dictionary<long, AlertLive> _alerts = [];
    private readonly Dictionary<(AlertRule Rule, int StationId), AlertSilenceLive> _silences = [];

    // Between two events every open screen asks for the same few scopes (each dashboard's circuit, after each batch):
    // each scope's snapshot (immutable) is built once and shared until the state moves, instead of once per screen.
    // The feed builds them under its lock, which the writer needs too: with 50 screens open, 50 builds queued on that
    // lock held the writer and starved the thread pool (capacity-live, docs/performance.md).
    private readonly Dictionary<LiveScope, LiveSnapshot> _snapshots = [];
    private readonly Dictionary<LiveScope, LiveSnapshot> _publicSnapshots = [];
    private readonly Dictionary<(LiveScope Scope, int Take, int Hours), IReadOnlyList<OccupancyHeatRow>> _heat = [];
    private long _sequence;

    private LiveState(CityClock clock, DateOnly day, long sequence, Dictionary<int, StationState> stations, Dictionary<int, District> districts, Dictionary<int, ActivityType> activityTypes)
    {
        _clock = clock;
        Day = day;
        Sequence = sequence;
        _stations = stations;
        _districts = districts;
        _activityTypes = activityTypes;
        (DayStart, DayEnd) = clock.DayRangeUtc(day);
        MonthStart = clock.StartOfDayUtc(new DateOnly(day.Year, day.Month, 1));
        WeekStart = clock.StartOfDayUtc(day.AddDays(-7));
    }

    public DateOnly Day { get; }
    /// <summary>The last event applied. Every change to the state sets it first, which drops the shared snapshots.</summary>
    public long Sequence
    {
        get => _sequence;
        set
        {
            _sequence = value;
            _snapshots.Clear();
            _publicSnapshots.Clear();
            _heat.Clear();
        }
    }
    public int StationCount => _stations.Count;
    private DateTime DayStart { get; }
    private DateTime DayEnd { get; }
    private DateTime MonthStart { get; }
    private DateTime WeekStart { get; }

    /// <summary>Reads the whole live state of <paramref name="day"/> from the database, as of event <paramref name="sequence"/>.</summary>
    public static async Task<LiveState> BuildAsync(RedStationDbContext db, CityClock clock, DateOnly day, long sequence, CancellationToken cancellationToken)
    {
        var (dayStart, dayEnd) = clock.DayRangeUtc(day);
        var monthStart = clock.StartOfDayUtc(new DateOnly(day.Year, day.Month, 1));
        var weekStart = clock.StartOfDayUtc(day.AddDays(-7));

        var districts = await db.Districts.AsNoTracking().ToDictionaryAsync(d => d.Id, cancellationToken);
        var activityTypes = await db.ActivityTypes.AsNoTracking().ToDictionaryAsync(t => t.Id, cancellationToken);
        var stations = await db.Stations.AsNoTracking()
            .Select(s => new StationState(s.Id, s.Community!.DistrictId, s.Code, s.Name, s.Kind, s.Status, s.Capacity, s.OpensAt, s.ClosesAt)
            {
                Occupancy = s.Occupancy,
                Latitude = s.Latitude,
                Longitude = s.Longitude,
            })
            .ToDictionaryAsync(s => s.StationId, cancellationToken);
        var state = new LiveState(clock, day, sequence, stations, districts, activityTypes);

        foreach (var session in await db.DutySessions.AsNoTracking()
            .Where(d => d.CheckedOutAt == null)
            .Select(d => new { d.StationId, d.VolunteerId, d.Volunteer!.Name, d.CheckedInAt })
            .ToListAsync(cancellationToken))
        {
            stations[session.StationId].OnDuty[session.VolunteerId] = new OnDutyVolunteer(session.VolunteerId, session.Name, session.CheckedInAt);
        }

        // Check-ins and check-outs in two range reads, each on its own time index: one query with an OR of both
        // ranges reads every session ever held.
        foreach (var session in await db.DutySessions.AsNoTracking()
            .Where(d => d.CheckedInAt >= weekStart && d.CheckedInAt < dayEnd)
            .Select(d => new { d.StationId, d.CheckedInAt })
            .ToListAsync(cancellationToken))
        {
            var station = stations[session.StationId];
            if (session.CheckedInAt >= dayStart)
            {
                station.Today.CheckIns++;
                station.CheckInsByHour[state.LocalHour(session.CheckedInAt)]++;
            }
            else
            {
                station.CheckInsLastWeekByHour[state.LocalHour(session.CheckedInAt)]++;
            }
        }

        foreach (var stationId in await db.DutySessions.AsNoTracking()
            .Where(d => d.CheckedOutAt >= dayStart && d.CheckedOutAt < dayEnd)
            .Select(d => d.StationId)
            .ToListAsync(cancellationToken))
        {
            stations[stationId].Today.CheckOuts++;
        }

        foreach (var activity in await db.Activities.AsNoTracking()
            .Where(a => a.StartsAt >= dayStart && a.StartsAt < dayEnd)
            .Select(a => new { a.StationId, a.ActivityTypeId, a.Attendance })
            .ToListAsync(cancellationToken))
        {
            stations[activity.StationId].AddActivity(activity.ActivityTypeId, 1, activity.Attendance);
        }

        // Each station's head-count at the start of the day is its count now less today's changes.
        var changesToday = await db.OccupancyChanges.AsNoTracking()
            .Where(o => o.At >= dayStart && o.At < dayEnd)
            .OrderBy(o => o.Id)
            .Select(o => new { o.StationId, o.Delta, o.Count, o.At })
            .ToListAsync(cancellationToken);
        foreach (var station in stations.Values)
        {
            station.StartOfDayOccupancy = station.Occupancy;
        }

        foreach (var change in changesToday)
        {
            stations[change.StationId].StartOfDayOccupancy -= change.Delta;
        }

        foreach (var change in changesToday)
        {
            stations[change.StationId].RecordChange(state.LocalHour(change.At), change.Count);
        }

        foreach (var wish in await db.MicroWishes.AsNoTracking()
            .Where(w => w.Status == WishStatus.Posted || w.Status == WishStatus.Claimed
                || (w.PostedAt >= dayStart && w.PostedAt < dayEnd)
                || (w.ClaimedAt >= dayStart && w.ClaimedAt < dayEnd)
                || (w.FulfilledAt >= dayStart && w.FulfilledAt < dayEnd))
            .Select(w => new { w.StationId, w.Status, w.PostedAt, w.ClaimedAt, w.FulfilledAt })
            .ToListAsync(cancellationToken))
        {
            var station = stations[wish.StationId];
            station.OpenWishes += wish.Status == WishStatus.Posted ? 1 : 0;
            station.ClaimedWishes += wish.Status == WishStatus.Claimed ? 1 : 0;
            station.Today.WishesPosted += wish.PostedAt >= dayStart && wish.PostedAt < dayEnd ? 1 : 0;
            station.Today.WishesClaimed += wish.ClaimedAt >= dayStart && wish.ClaimedAt < dayEnd ? 1 : 0;
            station.Today.WishesFulfilled += wish.FulfilledAt >= dayStart && wish.FulfilledAt < dayEnd ? 1 : 0;
        }

        foreach (var @case in await db.MediationCases.AsNoTracking()
            .Where(m => m.Status == MediationStatus.Open
                || (m.OpenedAt >= dayStart && m.OpenedAt < dayEnd)
                || (m.Status == MediationStatus.Resolved && m.ClosedAt >= monthStart && m.ClosedAt < dayEnd))
            .Select(m => new { m.StationId, m.Status, m.OpenedAt, m.ClosedAt })
            .ToListAsync(cancellationToken))
        {
            var station = stations[@case.StationId];
            station.OpenCases += @case.Status == MediationStatus.Open ? 1 : 0;
            station.Today.CasesOpened += @case.OpenedAt >= dayStart && @case.OpenedAt < dayEnd ? 1 : 0;
            var resolved = @case.Status == MediationStatus.Resolved;
            station.Today.CasesResolved += resolved && @case.ClosedAt >= dayStart && @case.ClosedAt < dayEnd ? 1 : 0;
            station.CasesResolvedThisMonth += resolved && @case.ClosedAt >= monthStart && @case.ClosedAt < dayEnd ? 1 : 0;
        }

        foreach (var alert in await db.Alerts.AsNoTracking().Where(a => a.ClosedAt == null).ToListAsync(cancellationToken))
        {
            state._alerts[alert.Id] = new AlertLive(alert.Id, alert.Rule, alert.StationId, stations[alert.StationId].DistrictId, alert.SubjectId,
                alert.Value, alert.Limit, alert.HoldingSince, alert.OpenedAt, alert.AcknowledgedAt, alert.AcknowledgedBy);
        }

        foreach (var silence in await db.AlertSilences.AsNoTracking().Where(s => s.LiftedAt == null).OrderBy(s => s.CreatedAt).ThenBy(s => s.Id).ToListAsync(cancellationToken))
        {
            // The latest wins, as the events apply them.
            state._silences[(silence.Rule, silence.StationId)] = new AlertSilenceLive(silence.Id, silence.Rule, silence.StationId,
                stations[silence.StationId].DistrictId, silence.Until, silence.Reason, silence.CreatedBy, silence.CreatedAt);
        }

        await LoadLastEventTimesAsync(db, stations, cancellationToken);
        foreach (var recent in await LoadRecentEventsAsync(db, stations, cancellationToken))
        {
            state._recent.Enqueue(recent);
        }

        return state;
    }

    /// <summary>
    /// The latest events as the database remembers them, so that a ticker has something to show right
    /// after a restart. They predate this server's numbering and carry sequence 0.
    /// </summary>
    private static async Task<IEnumerable<LiveEvent>> LoadRecentEventsAsync(RedStationDbContext db, Dictionary<int, StationState> stations, CancellationToken cancellationToken)
    {
        const int take = RecentCapacity;
        int District(int stationId) => stations[stationId].DistrictId;
        var events = new List<LiveEvent>();

        events.AddRange((await db.DutySessions.AsNoTracking().OrderByDescending(d => d.CheckedInAt).ThenByDescending(d => d.Id).Take(take)
                .Select(d => new { d.Id, d.StationId, d.VolunteerId, d.Volunteer!.Name, d.CheckedInAt }).ToListAsync(cancellationToken))
            .Select(d => new VolunteerCheckedIn(d.Id, d.VolunteerId, d.Name) { StationId = d.StationId, DistrictId = District(d.StationId), At = d.CheckedInAt }));
        events.AddRange((await db.DutySessions.AsNoTracking().Where(d => d.CheckedOutAt != null).OrderByDescending(d => d.CheckedOutAt).ThenByDescending(d => d.Id).Take(take)
                .Select(d => new { d.Id, d.StationId, d.VolunteerId, d.Volunteer!.Name, d.CheckedInAt, d.CheckedOutAt }).ToListAsync(cancellationToken))
            .Select(d => new VolunteerCheckedOut(d.Id, d.VolunteerId, d.Name, d.CheckedInAt) { StationId = d.StationId, DistrictId = District(d.StationId), At = d.CheckedOutAt!.Value }));
        events.AddRange((await db.OccupancyChanges.AsNoTracking().OrderByDescending(o => o.At).ThenByDescending(o => o.Id).Take(take).ToListAsync(cancellationToken))
            .Select(o => new OccupancyChanged(o.Count, o.Delta, stations[o.StationId].Capacity) { StationId = o.StationId, DistrictId = District(o.StationId), At = o.At }));
        events.AddRange((await db.Activities.AsNoTracking().OrderByDescending(a => a.LoggedAt).ThenByDescending(a => a.Id).Take(take).ToListAsync(cancellationToken))
            .Select(a => new ActivityLogged(a.Id, a.ActivityTypeId, a.Title, a.StartsAt, a.EndsAt, a.Attendance) { StationId = a.StationId, DistrictId = District(a.StationId), At = a.LoggedAt }));
        events.AddRange((await db.MicroWishes.AsNoTracking().OrderByDescending(w => w.PostedAt).ThenByDescending(w => w.Id).Take(take).ToListAsync(cancellationToken))
            .Select(w => new WishChanged(w.Id, WishStatus.Posted, null, w.Category, w.Title, null) { StationId = w.StationId, DistrictId = District(w.StationId), At = w.PostedAt }));
        events.AddRange((await db.MicroWishes.AsNoTracking().Where(w => w.FulfilledAt != null).OrderByDescending(w => w.FulfilledAt).ThenByDescending(w => w.Id).Take(take).ToListAsync(cancellationToken))
            .Select(w => new WishChanged(w.Id, WishStatus.Fulfilled, WishStatus.Claimed, w.Category, w.Title, w.ClaimedByVolunteerId) { StationId = w.StationId, DistrictId = District(w.StationId), At = w.FulfilledAt!.Value }));
        events.AddRange((await db.MediationCases.AsNoTracking().OrderByDescending(m => m.OpenedAt).ThenByDescending(m => m.Id).Take(take).ToListAsync(cancellationToken))
            .Select(m => new MediationChanged(m.Id, MediationStatus.Open, null, m.Category) { StationId = m.StationId, DistrictId = District(m.StationId), At = m.OpenedAt }));

        // Oldest first: the queue keeps the newest at its end, as live events arrive.
        return events.OrderByDescending(e => e.At).Take(take).Reverse();
    }

    /// <summary>
    /// Each station's latest event of any kind. One row per station, each time an indexed MAX on (StationId, time):
    /// a few index seeks per station, however long the history (a GROUP BY over the event tables reads all of it).
    /// </summary>
    private static async Task LoadLastEventTimesAsync(RedStationDbContext db, Dictionary<int, StationState> stations, CancellationToken cancellationToken)
    {
        foreach (var row in await db.Stations.AsNoTracking()
            .Select(s => new
            {
                s.Id,
                Occupancy = db.OccupancyChanges.Where(o => o.StationId == s.Id).Max(o => (DateTime?)o.At),
                CheckedIn = db.DutySessions.Where(d => d.StationId == s.Id).Max(d => (DateTime?)d.CheckedInAt),
                CheckedOut = db.DutySessions.Where(d => d.StationId == s.Id).Max(d => d.CheckedOutAt),
                Logged = db.Activities.Where(a => a.StationId == s.Id).Max(a => (DateTime?)a.LoggedAt),
                Ended = db.Activities.Where(a => a.StationId == s.Id).Max(a => a.EndedAt),
                Posted = db.MicroWishes.Where(w => w.StationId == s.Id).Max(w => (DateTime?)w.PostedAt),
                Claimed = db.MicroWishes.Where(w => w.StationId == s.Id).Max(w => w.ClaimedAt),
                Fulfilled = db.MicroWishes.Where(w => w.StationId == s.Id).Max(w => w.FulfilledAt),
                Cancelled = db.MicroWishes.Where(w => w.StationId == s.Id).Max(w => w.CancelledAt),
                Opened = db.MediationCases.Where(m => m.StationId == s.Id).Max(m => (DateTime?)m.OpenedAt),
                Closed = db.MediationCases.Where(m => m.StationId == s.Id).Max(m => m.ClosedAt),
            })
            .ToListAsync(cancellationToken))
        {
            var station = stations[row.Id];
            station.LastCheckOutAt = row.CheckedOut;
            foreach (var at in new[] { row.Occupancy, row.CheckedIn, row.CheckedOut, row.Logged, row.Ended, row.Posted, row.Claimed, row.Fulfilled, row.Cancelled, row.Opened, row.Closed })
            {
                station.Touch(at);
            }
        }
    }

    /// <summary>Moves the state forward by one committed event.</summary>
    public void Apply(LiveEvent liveEvent)
    {
        Sequence = liveEvent.Sequence;
        if (ApplyAlert(liveEvent))
        {
            // An alert is about a station, not something that happened there: it neither fills the ticker nor
            // ends a station's quiet spell (the quiet rule would otherwise silence itself).
            return;
        }

        // Management changes alter what the screens show of the network, not what happened at a station:
        // they stay out of the ticker and leave the stations' last-event times alone.
        switch (liveEvent)
        {
            case StationChanged e:
                ApplyStation(e);
                return;
            case CatalogChanged e:
                ApplyCatalog(e);
                return;
            case SettingChanged:
                // Settings are not live state: the event only tells the servers to re-read them.
                return;
        }

        if (liveEvent is DutyUndone undone)
        {
            // An undone check-in (or check-out) never happened as far as any feed is concerned: its line goes, and the
            // undo itself is no news (the audit trail keeps it). A rebuild, which reads the tables, agrees.
            Forget(undone);
        }
        else
        {
            _recent.Enqueue(liveEvent);
            while (_recent.Count > RecentCapacity)
            {
                _recent.Dequeue();
            }
        }

        if (!_stations.TryGetValue(liveEvent.StationId, out var station))
        {
            return;
        }

        station.Touch(liveEvent.At);
        var today = IsToday(liveEvent.At);
        switch (liveEvent)
        {
            case VolunteerCheckedIn e:
                station.OnDuty[e.VolunteerId] = new OnDutyVolunteer(e.VolunteerId, e.VolunteerName, e.At);
                if (today)
                {
                    station.Today.CheckIns++;
                    station.CheckInsByHour[LocalHour(e.At)]++;
                }

                break;
            case VolunteerCheckedOut e:
                station.OnDuty.Remove(e.VolunteerId);
                station.Today.CheckOuts += today ? 1 : 0;
                station.LastCheckOutAt = station.LastCheckOutAt > e.At ? station.LastCheckOutAt : e.At;
                break;
            case DutyUndone e:
                UndoDuty(station, e);
                break;
            case ActivityLogged e when IsToday(e.StartsAt):
                station.AddActivity(e.ActivityTypeId, 1, e.Attendance);
                break;
            case ActivityEnded e when IsToday(e.StartsAt):
                station.AddActivity(e.ActivityTypeId, 0, e.Attendance - e.PreviousAttendance);
                break;
            case OccupancyChanged e:
                station.Occupancy = e.Count;
                if (today)
                {
                    station.RecordChange(LocalHour(e.At), e.Count);
                }

                break;
            case WishChanged e:
                ApplyWish(station, e, today);
                break;
            case MediationChanged e:
                station.OpenCases += (e.Status == MediationStatus.Open ? 1 : 0) - (e.PreviousStatus == MediationStatus.Open ? 1 : 0);
                station.Today.CasesOpened += today && e.PreviousStatus is null ? 1 : 0;
                station.Today.CasesResolved += today && e.Status == MediationStatus.Resolved ? 1 : 0;
                station.CasesResolvedThisMonth += e.Status == MediationStatus.Resolved && e.At >= MonthStart && e.At < DayEnd ? 1 : 0;
                break;
        }
    }

    private bool ApplyAlert(LiveEvent liveEvent)
    {
        switch (liveEvent)
        {
            case AlertRaised e:
                _alerts[e.AlertId] = new AlertLive(e.AlertId, e.Rule, e.StationId, e.DistrictId, e.SubjectId, e.Value, e.Limit, e.HoldingSince, e.At, null, null);
                return true;
            case AlertCleared e:
                _alerts.Remove(e.AlertId);
                return true;
            case AlertSilenceChanged e when e.Lifted:
                if (_silences.TryGetValue((e.Rule, e.StationId), out var lifted) && lifted.SilenceId == e.SilenceId)
                {
                    _silences.Remove((e.Rule, e.StationId));
                }

                return true;
            case AlertSilenceChanged e:
                _silences[(e.Rule, e.StationId)] = new AlertSilenceLive(e.SilenceId, e.Rule, e.StationId, e.DistrictId, e.Until, e.Reason, e.By, e.At);
                return true;
            case AlertAcknowledged e:
                if (_alerts.TryGetValue(e.AlertId, out var alert))
                {
                    _alerts[e.AlertId] = alert with { AcknowledgedAt = e.At, AcknowledgedBy = e.By };
                }

                return true;
            default:
                return false;
        }
    }

    private void ApplyStation(StationChanged e)
    {
        if (_stations.TryGetValue(e.StationId, out var station))
        {
            station.DistrictId = e.DistrictId;
            station.Code = e.Code;
            station.Name = e.Name;
            station.Kind = e.Kind;
            station.Status = e.Status;
            station.Capacity = e.Capacity;
            station.OpensAt = e.OpensAt;
            station.ClosesAt = e.ClosesAt;
            station.Latitude = e.Latitude;
            station.Longitude = e.Longitude;
            return;
        }

        // A new station starts empty, as the database creates it.
        _stations[e.StationId] = new StationState(e.StationId, e.DistrictId, e.Code, e.Name, e.Kind, e.Status, e.Capacity, e.OpensAt, e.ClosesAt)
        {
            Latitude = e.Latitude,
            Longitude = e.Longitude,
        };
    }

    private void ApplyCatalog(CatalogChanged e)
    {
        switch (e.Kind)
        {
            case CatalogKind.ActivityType:
                _activityTypes[e.Id] = new ActivityType { Id = e.Id, Code = string.Empty, Name = e.Name, NameEn = e.NameEn ?? e.Name };
                break;
            case CatalogKind.Volunteer:
                foreach (var station in _stations.Values)
                {
                    if (station.OnDuty.TryGetValue(e.Id, out var onDuty))
                    {
                        station.OnDuty[e.Id] = onDuty with { Name = e.Name };
                    }
                }

                break;
        }
    }

    private void Forget(DutyUndone undone)
    {
        if (!_recent.Any(undone.TakesBack))
        {
            return;
        }

        var kept = _recent.Where(e => !undone.TakesBack(e)).ToList();
        _recent.Clear();
        foreach (var e in kept)
        {
            _recent.Enqueue(e);
        }
    }

    /// <summary>Takes back what the undone check-in or check-out counted, as if it had never happened.</summary>
    private void UndoDuty(StationState station, DutyUndone e)
    {
        if (e.Undone == DutyAction.CheckIn)
        {
            station.OnDuty.Remove(e.VolunteerId);
            if (IsToday(e.CheckedInAt))
            {
                station.Today.CheckIns--;
                station.CheckInsByHour[LocalHour(e.CheckedInAt)]--;
            }
            else if (e.CheckedInAt >= WeekStart && e.CheckedInAt < DayStart)
            {
                station.CheckInsLastWeekByHour[LocalHour(e.CheckedInAt)]--;
            }

            return;
        }

        station.OnDuty[e.VolunteerId] = new OnDutyVolunteer(e.VolunteerId, e.VolunteerName, e.CheckedInAt);
        station.Today.CheckOuts -= e.CheckedOutAt is { } checkedOutAt && IsToday(checkedOutAt) ? 1 : 0;
    }

    private static void ApplyWish(StationState station, WishChanged e, bool today)
    {
        int Open(WishStatus? s) => s == WishStatus.Posted ? 1 : 0;
        int Claimed(WishStatus? s) => s == WishStatus.Claimed ? 1 : 0;
        station.OpenWishes += Open(e.Status) - Open(e.PreviousStatus);
        station.ClaimedWishes += Claimed(e.Status) - Claimed(e.PreviousStatus);
        if (today)
        {
            station.Today.WishesPosted += e.PreviousStatus is null ? 1 : 0;
            station.Today.WishesClaimed += e.Status == WishStatus.Claimed ? 1 : 0;
            station.Today.WishesFulfilled += e.Status == WishStatus.Fulfilled ? 1 : 0;
        }
    }

    /// <summary>Just the named stations' live entries, without the scope's totals and charts.</summary>
    public IReadOnlyList<StationLive> Stations(IEnumerable<int> stationIds) =>
        stationIds.Where(_stations.ContainsKey).Select(id => _stations[id].ToLive()).ToList();

    public LiveSnapshot Snapshot(LiveScope scope)
    {
        if (!_snapshots.TryGetValue(scope, out var snapshot))
        {
            snapshot = BuildSnapshot(scope);
            _snapshots[scope] = snapshot;
        }

        return snapshot;
    }

    /// <summary>The scope's snapshot for a public audience (<see cref="PublicProjection"/>), also made once per change.</summary>
    public LiveSnapshot PublicSnapshot(LiveScope scope)
    {
        if (!_publicSnapshots.TryGetValue(scope, out var snapshot))
        {
            snapshot = PublicProjection.Of(Snapshot(scope));
            _publicSnapshots[scope] = snapshot;
        }

        return snapshot;
    }

    private LiveSnapshot BuildSnapshot(LiveScope scope)
    {
        var stations = _stations.Values.Where(s => scope.Includes(s.StationId, s.DistrictId)).OrderBy(s => s.StationId).ToList();
        var stationViews = stations.Select(s => s.ToLive()).ToList();
        var districts = _districts.Values
            .Where(d => scope.DistrictId is null || scope.DistrictId == d.Id)
            .OrderBy(d => d.SortOrder)
            .Select(d =>
            {
                var inDistrict = stations.Where(s => s.DistrictId == d.Id).ToList();
                return new DistrictLive(d.Id, d.Name, d.NameEn,
                    inDistrict.Count(s => s.Status == StationStatus.Open),
                    inDistrict.Sum(s => s.OnDuty.Count),
                    inDistrict.Sum(s => s.Occupancy),
                    Sum(inDistrict));
            })
            .Where(d => scope.StationId is null || stations.Any(s => s.DistrictId == d.DistrictId))
            .ToList();

        var red = stations.Where(s => s.Kind != StationKind.SharedVenue).ToList();
        var totals = new NetworkTotals(
            red.Count(s => s.Status != StationStatus.Closed),
            red.Count(s => s.Status == StationStatus.Open),
            stations.Count(s => s.Kind == StationKind.SharedVenue && s.Status == StationStatus.Open),
            stations.Sum(s => s.OnDuty.Count),
            stations.Sum(s => s.Occupancy),
            stations.Sum(s => s.OpenWishes),
            stations.Sum(s => s.ClaimedWishes),
            stations.Sum(s => s.OpenCases),
            stations.Sum(s => s.CasesResolvedThisMonth),
            Sum(stations));

        var byHour = new int[24];
        var weekAverage = new double[24];
        foreach (var s in stations)
        {
            for (var h = 0; h < 24; h++)
            {
                byHour[h] += s.CheckInsByHour[h];
                weekAverage[h] += s.CheckInsLastWeekByHour[h];
            }
        }

        var activities = stations
            .SelectMany(s => s.ActivitiesByType)
            .GroupBy(kv => kv.Key)
            .Select(g => (TypeId: g.Key, Count: g.Sum(kv => kv.Value.Count), Attendance: g.Sum(kv => kv.Value.Attendance)))
            .Where(x => x.Count > 0)
            .OrderByDescending(x => x.Count).ThenBy(x => x.TypeId)
            .Select(x => _activityTypes.TryGetValue(x.TypeId, out var type)
                ? new ActivityTypeCount(x.TypeId, type.Name, type.NameEn, x.Count, x.Attendance)
                // A type created after this state was built: counted all the same, named at the next rebuild.
                : new ActivityTypeCount(x.TypeId, $"#{x.TypeId}", $"#{x.TypeId}", x.Count, x.Attendance))
            .ToList();

        var recent = _recent.Where(e => scope.Includes(e.StationId, e.DistrictId)).Reverse().ToList();
        return new LiveSnapshot(Sequence, Day, scope, totals, stationViews, districts, byHour,
            weekAverage.Select(v => Math.Round(v / 7, 2)).ToArray(), activities, recent, Alerts(scope));
    }

    public IReadOnlyList<AlertLive> Alerts(LiveScope scope) =>
        _alerts.Values
            .Where(a => scope.Includes(a.StationId, a.DistrictId))
            .OrderBy(a => a.OpenedAt).ThenBy(a => a.AlertId)
            .ToList();

    /// <summary>The silences in force at <paramref name="utcNow"/> in a scope (an expired snooze simply stops counting).</summary>
    public IReadOnlyList<AlertSilenceLive> Silences(LiveScope scope, DateTime utcNow) =>
        _silences.Values
            .Where(s => s.IsActiveAt(utcNow) && scope.Includes(s.StationId, s.DistrictId))
            .OrderBy(s => s.At).ThenBy(s => s.SilenceId)
            .ToList();

    public IReadOnlyList<OccupancyHeatRow> OccupancyHeat(LiveScope scope, int take)
    {
        var hoursSoFar = _clock.Today == Day ? LocalHour(_clock.UtcNow) + 1 : 24;
        if (!_heat.TryGetValue((scope, take, hoursSoFar), out var rows))
        {
            rows = BuildOccupancyHeat(scope, take, hoursSoFar);
            _heat[(scope, take, hoursSoFar)] = rows;
        }

        return rows;
    }

    private List<OccupancyHeatRow> BuildOccupancyHeat(LiveScope scope, int take, int hoursSoFar) =>
        _stations.Values
            .Where(s => scope.Includes(s.StationId, s.DistrictId) && s.Status == StationStatus.Open)
            .Select(s => new OccupancyHeatRow(s.StationId, s.Name, s.Capacity, s.PeaksUpTo(hoursSoFar)))
            .OrderByDescending(r => r.PeakByHour.DefaultIfEmpty().Max() / (double)Math.Max(r.Capacity, 1))
            .ThenBy(r => r.StationId)
            .Take(take)
            .ToList();

    private static TodayCounts Sum(IReadOnlyCollection<StationState> stations) => new(
        stations.Sum(s => s.Today.CheckIns),
        stations.Sum(s => s.Today.CheckOuts),
        stations.Sum(s => s.Today.Activities),
        stations.Sum(s => s.Today.Attendance),
        stations.Sum(s => s.Today.WishesPosted),
        stations.Sum(s => s.Today.WishesClaimed),
        stations.Sum(s => s.Today.WishesFulfilled),
        stations.Sum(s => s.Today.CasesOpened),
        stations.Sum(s => s.Today.CasesResolved));

    private bool IsToday(DateTime at) => at >= DayStart && at < DayEnd;

    private int LocalHour(DateTime utc) => _clock.ToLocal(utc).Hour;

    private sealed class Counts
    {
        public int CheckIns;
        public int CheckOuts;
        public int Activities;
        public int Attendance;
        public int WishesPosted;
        public int WishesClaimed;
        public int WishesFulfilled;
        public int CasesOpened;
        public int CasesResolved;
    }

    private sealed class StationState(int stationId, int districtId, string code, string name, StationKind kind, StationStatus status, int capacity, TimeOnly opensAt, TimeOnly closesAt)
    {
        public int StationId => stationId;

        // Management may change any of these while the state lives (StationChanged).
        public int DistrictId { get; set; } = districtId;
        public string Code { get; set; } = code;
        public StationKind Kind { get; set; } = kind;
        public StationStatus Status { get; set; } = status;
        public string Name { get; set; } = name;
        public int Capacity { get; set; } = capacity;
        public TimeOnly OpensAt { get; set; } = opensAt;
        public TimeOnly ClosesAt { get; set; } = closesAt;
        public int Occupancy { get; set; }
        public double Latitude { get; set; }
        public double Longitude { get; set; }
        public int StartOfDayOccupancy { get; set; }
        public Dictionary<int, OnDutyVolunteer> OnDuty { get; } = [];
        public int OpenWishes { get; set; }
        public int ClaimedWishes { get; set; }
        public int OpenCases { get; set; }
        public int CasesResolvedThisMonth { get; set; }
        public DateTime? LastEventAt { get; private set; }
        public DateTime? LastCheckOutAt { get; set; }
        public Counts Today { get; } = new();
        public int[] CheckInsByHour { get; } = new int[24];
        public int[] CheckInsLastWeekByHour { get; } = new int[24];
        public Dictionary<int, (int Count, int Attendance)> ActivitiesByType { get; } = [];

        /// <summary>Highest head-count in each hour that saw a change; -1 for an hour without one.</summary>
        private readonly int[] _peakByHour = Enumerable.Repeat(-1, 24).ToArray();

        /// <summary>The head-count each hour with a change ended on.</summary>
        private readonly Dictionary<int, int> _lastCountByHour = [];

        public void Touch(DateTime? at)
        {
            if (at > LastEventAt || LastEventAt is null)
            {
                LastEventAt = at;
            }
        }

        public void AddActivity(int typeId, int count, int attendance)
        {
            Today.Activities += count;
            Today.Attendance += attendance;
            var (c, a) = ActivitiesByType.GetValueOrDefault(typeId);
            ActivitiesByType[typeId] = (c + count, a + attendance);
        }

        public void RecordChange(int hour, int count)
        {
            _peakByHour[hour] = Math.Max(_peakByHour[hour], count);
            _lastCountByHour[hour] = count;
        }

        /// <summary>Each hour's peak, carrying the head-count forward through hours without a change.</summary>
        public int[] PeaksUpTo(int hours)
        {
            var result = new int[hours];
            var carried = StartOfDayOccupancy;
            for (var h = 0; h < hours; h++)
            {
                // An hour's peak is at least the count it started with.
                result[h] = Math.Max(carried, _peakByHour[h]);
                carried = LastCountIn(h) ?? carried;
            }

            return result;
        }

        private int? LastCountIn(int hour) => _lastCountByHour.TryGetValue(hour, out var count) ? count : null;

        public StationLive ToLive() => new(
            stationId, DistrictId, Code, Name, Kind, Status, Capacity, OpensAt, ClosesAt, Occupancy,
            OnDuty.Values.OrderBy(v => v.Since).ThenBy(v => v.VolunteerId).ToList(),
            OpenWishes, ClaimedWishes, OpenCases, LastEventAt,
            new TodayCounts(Today.CheckIns, Today.CheckOuts, Today.Activities, Today.Attendance,
                Today.WishesPosted, Today.WishesClaimed, Today.WishesFulfilled, Today.CasesOpened, Today.CasesResolved))
        {
            Latitude = Latitude,
            Longitude = Longitude,
            LastCheckOutAt = LastCheckOutAt,
        };
    }
}
