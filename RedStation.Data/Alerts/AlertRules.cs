using RedStation.Data.Entities;
using RedStation.Data.Live;
using RedStation.Data.Time;

namespace RedStation.Data.Alerts;

/// <summary>One rule holding for one subject right now, with the figure that makes it hold.</summary>
/// <param name="Since">
/// When the condition really began, whatever this server saw: a wish's limit passed (posted + the threshold's days), a
/// station open with nobody on duty for the grace, the last event plus the quiet hours, the head-count reaching full.
/// </param>
public sealed record AlertCondition(AlertRule Rule, int StationId, int DistrictId, long SubjectId, int Value, int Limit, DateTime Since)
{
    public AlertKey Key => new(Rule, StationId, SubjectId);
}

/// <summary>A wish or a mediation case that is still waiting, and since when it has waited.</summary>
public sealed record WaitingItem(AlertRule Rule, long Id, int StationId, DateTime Since);

/// <summary>
/// The rules themselves: which conditions hold at an instant, from the live state of the stations and the waiting wishes
/// and cases. A pure function of its inputs, so that every edge (opening hours in the city's time zone, thresholds)
/// is tested against a fixed clock.
/// </summary>
public static class AlertRules
{
    public static IReadOnlyList<AlertCondition> Evaluate(
        IReadOnlyCollection<StationLive> stations,
        IReadOnlyCollection<WaitingItem> waiting,
        IReadOnlyDictionary<AlertRule, AlertRuleSetting> settings,
        CityClock clock)
    {
        var now = clock.UtcNow;
        var local = clock.LocalNow;
        var time = TimeOnly.FromDateTime(local);
        var conditions = new List<AlertCondition>();
        bool On(AlertRule rule, out int threshold)
        {
            threshold = settings.TryGetValue(rule, out var setting) ? setting.Threshold : 0;
            return setting is { Enabled: true };
        }

        var districts = new Dictionary<int, int>(stations.Count);
        foreach (var station in stations)
        {
            districts[station.StationId] = station.DistrictId;
            if (station.Status != StationStatus.Open)
            {
                continue;
            }

            if (On(AlertRule.OverCapacity, out var percent) && station.Capacity > 0)
            {
                // The head-count that counts as full: the threshold's share of capacity, rounded up. The live state does
                // not keep when the count reached it; the station's last event is the latest it can have been.
                var full = (int)Math.Ceiling(station.Capacity * percent / 100.0);
                if (station.Occupancy >= full)
                {
                    conditions.Add(new(AlertRule.OverCapacity, station.StationId, station.DistrictId, 0, station.Occupancy, full, Earliest(station.LastEventAt, now)));
                }
            }

            // The staffing rules only hold within opening hours, in the city's time.
            if (time < station.OpensAt || time >= station.ClosesAt)
            {
                continue;
            }

            var openedAt = clock.ToUtc(DateOnly.FromDateTime(local).ToDateTime(station.OpensAt));
            if (On(AlertRule.NobodyOnDuty, out var graceMinutes) && station.OnDuty.Count == 0)
            {
                // Nobody since the opening, or since today's last check-out: a shift change of a few minutes is no alert.
                var nobodySince = station.LastCheckOutAt is { } left && left > openedAt ? left : openedAt;
                var minutes = (int)Math.Floor((now - nobodySince).TotalMinutes);
                if (minutes >= graceMinutes)
                {
                    conditions.Add(new(AlertRule.NobodyOnDuty, station.StationId, station.DistrictId, 0, minutes, graceMinutes, nobodySince.AddMinutes(graceMinutes)));
                }
            }

            if (On(AlertRule.StationQuiet, out var quietHours))
            {
                // Quiet since the last event, but never since before today's opening: the night does not count.
                var since = station.LastEventAt is { } last && last > openedAt ? last : openedAt;
                var hours = (now - since).TotalHours;
                if (hours >= quietHours)
                {
                    conditions.Add(new(AlertRule.StationQuiet, station.StationId, station.DistrictId, 0, (int)Math.Floor(hours), quietHours, since.AddHours(quietHours)));
                }
            }
        }

        foreach (var item in waiting)
        {
            if (On(item.Rule, out var days) && districts.TryGetValue(item.StationId, out var districtId))
            {
                var age = (now - item.Since).TotalDays;
                if (age >= days)
                {
                    conditions.Add(new(item.Rule, item.StationId, districtId, item.Id, (int)Math.Floor(age), days, item.Since.AddDays(days)));
                }
            }
        }

        return conditions;
    }

    private static DateTime Earliest(DateTime? at, DateTime now) => at is { } value && value < now ? value : now;

    /// <summary>
    /// An open alert's figure now, from its real start: a wish's days, a station's minutes or hours keep growing while
    /// the alert is open (the stored value is the one at opening); a head-count stays the one measured.
    /// </summary>
    public static int CurrentValue(AlertRule rule, int value, int limit, DateTime since, DateTime now)
    {
        var elapsed = now - since;
        if (elapsed < TimeSpan.Zero)
        {
            return value;
        }

        var current = AlertRuleDefaults.UnitOf(rule) switch
        {
            AlertUnit.Minutes => limit + (int)Math.Floor(elapsed.TotalMinutes),
            AlertUnit.Hours => limit + (int)Math.Floor(elapsed.TotalHours),
            AlertUnit.Days => limit + (int)Math.Floor(elapsed.TotalDays),
            _ => value,
        };
        return Math.Max(value, current);
    }
}
