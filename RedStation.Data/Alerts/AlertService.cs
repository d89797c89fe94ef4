using Microsoft.EntityFrameworkCore;
using RedStation.Data.Entities;
using RedStation.Data.Live;
using RedStation.Data.Security;
using RedStation.Data.Services;

namespace RedStation.Data.Alerts;

/// <summary>What one evaluation changed.</summary>
public sealed record AlertEvaluation(int Opened, int Closed)
{
    public static readonly AlertEvaluation Nothing = new(0, 0);
}

/// <summary>
/// Opens and closes alerts from the rules, acknowledges them, and keeps the rules' settings. Every change goes through
/// the <see cref="DomainWriter"/> (audited, published after commit as <see cref="AlertRaised"/> / <see cref="AlertCleared"/>
/// / <see cref="AlertAcknowledged"/>).
/// </summary>
/// <remarks>
/// Damping is per server and in memory: the instant a rule started to hold is remembered between evaluations, and the
/// alert opens once the rule has held for its <see cref="AlertRuleSetting.HoldSeconds"/>. The database decides the rest:
/// the write opens an alert only if none is open for the same rule and subject (a unique index backs it), so servers
/// evaluating side by side never open one twice.
/// </remarks>
public sealed class AlertService(DomainWriter writer, LiveFeed feed, IDbContextFactory<RedStationDbContext> contextFactory)
{
    private readonly SemaphoreSlim _evaluating = new(1, 1);
    private readonly Dictionary<AlertKey, DateTime> _holdingSince = [];
    private IReadOnlyDictionary<AlertRule, AlertRuleSetting>? _settings;
    private IReadOnlyList<WaitingItem> _waiting = [];

    /// <summary>Evaluates every rule now, opening the alerts whose rule has held long enough and closing those whose rule stopped.</summary>
    /// <param name="reread">
    /// Read the rules' settings and the waiting wishes and cases from the database again. An evaluation triggered by an
    /// event at a station leaves it false: the station rules read only the live state, and the waiting items (which age by
    /// the day) are those of the last full evaluation — so a burst of check-ins costs no query at all.
    /// </param>
    public async Task<AlertEvaluation> EvaluateAsync(bool reread = true, CancellationToken cancellationToken = default)
    {
        await _evaluating.WaitAsync(cancellationToken);
        try
        {
            var now = writer.Clock.UtcNow;
            if (reread || _settings is null)
            {
                _settings = await SettingsAsync(cancellationToken);
                _waiting = await WaitingAsync(_settings, now, cancellationToken);
            }

            var settings = _settings;
            var snapshot = feed.Snapshot(LiveScope.All);
            var conditions = AlertRules.Evaluate(snapshot.Stations, _waiting, settings, writer.Clock);

            var open = snapshot.Alerts.ToDictionary(a => a.Key);
            var holding = new HashSet<AlertKey>();
            var toOpen = new List<AlertCondition>();
            foreach (var condition in conditions)
            {
                holding.Add(condition.Key);
                // Damping counts from when this server saw the condition hold; the alert's start is the condition's own.
                if (!_holdingSince.TryGetValue(condition.Key, out var seen))
                {
                    _holdingSince[condition.Key] = seen = now;
                }

                if (!open.ContainsKey(condition.Key) && now - seen >= TimeSpan.FromSeconds(settings[condition.Rule].HoldSeconds))
                {
                    toOpen.Add(condition);
                }
            }

            foreach (var key in _holdingSince.Keys.Where(k => !holding.Contains(k)).ToList())
            {
                _holdingSince.Remove(key);
            }

            var toClose = open.Values.Where(a => !holding.Contains(a.Key)).ToDictionary(a => a.AlertId, a => a.DistrictId);
            if (toOpen.Count == 0 && toClose.Count == 0)
            {
                return AlertEvaluation.Nothing;
            }

            var result = await writer.WriteAsync<AlertEvaluation>((scope, ct) => ApplyAsync(scope, toOpen, toClose, now, ct), cancellationToken);
            return result.Value ?? AlertEvaluation.Nothing;
        }
        finally
        {
            _evaluating.Release();
        }
    }

    private static async Task<Result<AlertEvaluation>> ApplyAsync(
        WriteScope scope, List<AlertCondition> toOpen, Dictionary<long, int> toClose, DateTime now, CancellationToken ct)
    {
        var db = scope.Db;
        // The open alerts as the database knows them (few: one per rule and subject at most); another server may have acted.
        var openInDb = await db.Alerts.Where(a => a.ClosedAt == null).ToListAsync(ct);
        var openKeys = openInDb.Select(a => new AlertKey(a.Rule, a.StationId, a.SubjectId)).ToHashSet();
        var opened = 0;
        foreach (var condition in toOpen)
        {
            if (!openKeys.Add(condition.Key))
            {
                continue;
            }

            var alert = new Alert
            {
                Rule = condition.Rule,
                StationId = condition.StationId,
                SubjectId = condition.SubjectId,
                Value = condition.Value,
                Limit = condition.Limit,
                HoldingSince = condition.Since,
                OpenedAt = now,
            };
            db.Alerts.Add(alert);
            opened++;
            scope.Raise(() => new AlertRaised(alert.Id, alert.Rule, alert.SubjectId, alert.Value, alert.Limit, alert.HoldingSince)
            {
                StationId = condition.StationId,
                DistrictId = condition.DistrictId,
                At = now,
            });
        }

        var closed = 0;
        foreach (var alert in openInDb.Where(a => toClose.ContainsKey(a.Id)))
        {
            alert.ClosedAt = now;
            closed++;
            var districtId = toClose[alert.Id];
            scope.Raise(() => new AlertCleared(alert.Id, alert.Rule, alert.SubjectId, alert.OpenedAt)
            {
                StationId = alert.StationId,
                DistrictId = districtId,
                At = now,
            });
        }

        return Result<AlertEvaluation>.Ok(new AlertEvaluation(opened, closed));
    }

    /// <summary>Records that the current actor saw the alert and took it on; an alert is acknowledged once.</summary>
    public Task<Result<Alert>> AcknowledgeAsync(long alertId, CancellationToken cancellationToken = default)
    {
        var by = IntegrationKeyService.Who(ActorContext.Current);
        return writer.WriteAsync<Alert>(async (scope, ct) =>
        {
            var db = scope.Db;
            var alert = await db.Alerts.Include(a => a.Station!).ThenInclude(s => s.Community).FirstOrDefaultAsync(a => a.Id == alertId, ct);
            if (alert is null)
            {
                return writer.Errors.NotFound(ErrorCodes.AlertNotFound, alertId);
            }

            if (alert.AcknowledgedAt is not null)
            {
                return writer.Errors.Conflict(ErrorCodes.AlertAlreadyAcknowledged, alert.AcknowledgedBy ?? string.Empty);
            }

            var now = writer.Clock.UtcNow;
            alert.AcknowledgedAt = now;
            alert.AcknowledgedBy = by;
            scope.Raise(() => new AlertAcknowledged(alert.Id, alert.Rule, by)
            {
                StationId = alert.StationId,
                DistrictId = alert.Station!.Community!.DistrictId,
                At = now,
            });
            return Result<Alert>.Ok(alert);
        },
        cancellationToken);
    }

    /// <summary>
    /// Acknowledges a whole group (<see cref="AlertGroups.IdOf"/>): every open alert of its rule at its station not yet
    /// acknowledged, in one write, one <see cref="AlertAcknowledged"/> each. A wish joining the group later makes it
    /// unacknowledged again. Not found when the group has no open alert; a conflict when all are acknowledged already.
    /// </summary>
    public Task<Result<AlertGroup>> AcknowledgeGroupAsync(string groupId, CancellationToken cancellationToken = default)
    {
        var by = IntegrationKeyService.Who(ActorContext.Current);
        return writer.WriteAsync<AlertGroup>(async (scope, ct) =>
        {
            if (!AlertGroups.TryParseId(groupId, out var rule, out var stationId))
            {
                return writer.Errors.NotFound(ErrorCodes.AlertGroupNotFound, groupId ?? string.Empty);
            }

            var db = scope.Db;
            var alerts = await db.Alerts.Where(a => a.Rule == rule && a.StationId == stationId && a.ClosedAt == null).ToListAsync(ct);
            if (alerts.Count == 0)
            {
                return writer.Errors.NotFound(ErrorCodes.AlertGroupNotFound, groupId);
            }

            var waiting = alerts.Where(a => a.AcknowledgedAt is null).ToList();
            if (waiting.Count == 0)
            {
                return writer.Errors.Conflict(ErrorCodes.AlertAlreadyAcknowledged, alerts.MaxBy(a => a.AcknowledgedAt)!.AcknowledgedBy ?? string.Empty);
            }

            var districtId = await db.Stations.Where(s => s.Id == stationId).Select(s => s.Community!.DistrictId).SingleAsync(ct);
            var now = writer.Clock.UtcNow;
            foreach (var alert in waiting)
            {
                alert.AcknowledgedAt = now;
                alert.AcknowledgedBy = by;
                scope.Raise(() => new AlertAcknowledged(alert.Id, alert.Rule, by) { StationId = stationId, DistrictId = districtId, At = now });
            }

            var members = alerts.Select(a => new AlertLive(a.Id, a.Rule, a.StationId, districtId, a.SubjectId, a.Value, a.Limit, a.HoldingSince,
                a.OpenedAt, a.AcknowledgedAt, a.AcknowledgedBy));
            return Result<AlertGroup>.Ok(AlertGroups.Of(members, now).Single());
        },
        cancellationToken);
    }

    /// <summary>
    /// Leaves a rule at a station out of the open lists, the badge and the contact points: snoozed until
    /// <paramref name="until"/>, or muted when it is null, with the reason. Replaces the silence in force, if any.
    /// </summary>
    public Task<Result<AlertSilence>> SilenceAsync(string groupId, DateTime? until, string? reason, CancellationToken cancellationToken = default)
    {
        var by = IntegrationKeyService.Who(ActorContext.Current);
        return writer.WriteAsync<AlertSilence>(async (scope, ct) =>
        {
            if (!AlertGroups.TryParseId(groupId, out var rule, out var stationId))
            {
                return writer.Errors.NotFound(ErrorCodes.AlertGroupNotFound, groupId ?? string.Empty) with { Field = "GroupId" };
            }

            if (writer.Errors.CheckText(reason, "Reason", AlertSilence.ReasonMaxLength) is { } invalid)
            {
                return invalid;
            }

            var now = writer.Clock.UtcNow;
            if (until is { } end && (end <= now || end > now + MaxSnooze))
            {
                return writer.Errors.Invalid(ErrorCodes.AlertSnoozeOutOfRange, (int)MaxSnooze.TotalDays) with { Field = "Until" };
            }

            var db = scope.Db;
            var districtId = await db.Stations.Where(s => s.Id == stationId).Select(s => (int?)s.Community!.DistrictId).SingleOrDefaultAsync(ct);
            if (districtId is not { } district)
            {
                return writer.Errors.NotFound(ErrorCodes.StationNotFound, stationId) with { Field = "GroupId" };
            }

            foreach (var replaced in await db.AlertSilences.Where(s => s.Rule == rule && s.StationId == stationId && s.LiftedAt == null).ToListAsync(ct))
            {
                replaced.LiftedAt = now;
                replaced.LiftedBy = by;
            }

            var silence = new AlertSilence { Rule = rule, StationId = stationId, Until = until, Reason = reason!.Trim(), CreatedAt = now, CreatedBy = by };
            db.AlertSilences.Add(silence);
            scope.Raise(() => new AlertSilenceChanged(silence.Id, rule, until, silence.Reason, by, Lifted: false) { StationId = stationId, DistrictId = district, At = now });
            return Result<AlertSilence>.Ok(silence);
        },
        cancellationToken);
    }

    /// <summary>Ends a snooze or a mute before its time (the undo): the group shows again at once.</summary>
    public Task<Result<AlertSilence>> LiftSilenceAsync(long silenceId, CancellationToken cancellationToken = default)
    {
        var by = IntegrationKeyService.Who(ActorContext.Current);
        return writer.WriteAsync<AlertSilence>(async (scope, ct) =>
        {
            var db = scope.Db;
            var silence = await db.AlertSilences.Include(s => s.Station!).ThenInclude(s => s.Community).FirstOrDefaultAsync(s => s.Id == silenceId && s.LiftedAt == null, ct);
            if (silence is null)
            {
                return writer.Errors.NotFound(ErrorCodes.AlertSilenceNotFound, silenceId);
            }

            var now = writer.Clock.UtcNow;
            silence.LiftedAt = now;
            silence.LiftedBy = by;
            scope.Raise(() => new AlertSilenceChanged(silence.Id, silence.Rule, silence.Until, silence.Reason, by, Lifted: true)
            {
                StationId = silence.StationId,
                DistrictId = silence.Station!.Community!.DistrictId,
                At = now,
            });
            return Result<AlertSilence>.Ok(silence);
        },
        cancellationToken);
    }

    /// <summary>The longest snooze; longer is a mute, which says so.</summary>
    public static readonly TimeSpan MaxSnooze = TimeSpan.FromDays(30);

    /// <summary>Changes one rule's setting; the change applies from the next evaluation, which it triggers.</summary>
    public async Task<Result<AlertRuleSetting>> UpdateRuleAsync(AlertRule rule, bool enabled, int threshold, int holdSeconds, CancellationToken cancellationToken = default)
    {
        var result = await writer.WriteAsync<AlertRuleSetting>(async (scope, ct) =>
        {
            if (!Enum.IsDefined(rule))
            {
                return writer.Errors.Invalid(ErrorCodes.AlertRuleUnknown, (int)rule) with { Field = "Rule" };
            }

            var (min, max) = AlertRuleDefaults.ThresholdRange(rule);
            if (threshold < min || threshold > max)
            {
                return writer.Errors.Invalid(ErrorCodes.AlertThresholdOutOfRange, min, max) with { Field = "Threshold" };
            }

            if (holdSeconds < 0 || holdSeconds > AlertRuleDefaults.MaxHoldSeconds)
            {
                return writer.Errors.Invalid(ErrorCodes.AlertHoldOutOfRange, AlertRuleDefaults.MaxHoldSeconds / 60) with { Field = "HoldSeconds" };
            }

            var setting = await scope.Db.AlertRuleSettings.FirstOrDefaultAsync(s => s.Rule == rule, ct);
            if (setting is null)
            {
                setting = new AlertRuleSetting { Rule = rule };
                scope.Db.AlertRuleSettings.Add(setting);
            }

            setting.Enabled = enabled;
            setting.Threshold = threshold;
            setting.HoldSeconds = holdSeconds;
            // Every server's alert monitor re-reads its settings.
            scope.Raise(() => SettingChanged.Of(SettingKind.AlertRule, (long)rule, writer.Clock.UtcNow));
            return Result<AlertRuleSetting>.Ok(setting);
        },
        cancellationToken);
        return result;
    }

    /// <summary>Every rule's setting; a rule missing from the table has its default.</summary>
    public async Task<IReadOnlyDictionary<AlertRule, AlertRuleSetting>> SettingsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var stored = await db.AlertRuleSettings.AsNoTracking().ToDictionaryAsync(s => s.Rule, cancellationToken);
        return AlertRuleDefaults.All.ToDictionary(d => d.Rule, d => stored.GetValueOrDefault(d.Rule) ?? d);
    }

    /// <summary>The wishes and cases that have waited past their rule's threshold (an index on status keeps it short).</summary>
    private async Task<IReadOnlyList<WaitingItem>> WaitingAsync(IReadOnlyDictionary<AlertRule, AlertRuleSetting> settings, DateTime now, CancellationToken cancellationToken)
    {
        DateTime Before(AlertRule rule) => now.AddDays(-settings[rule].Threshold);
        var unclaimedBefore = Before(AlertRule.WishUnclaimed);
        var unfulfilledBefore = Before(AlertRule.WishUnfulfilled);
        var caseBefore = Before(AlertRule.MediationOverdue);

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var items = new List<WaitingItem>();
        if (settings[AlertRule.WishUnclaimed].Enabled || settings[AlertRule.WishUnfulfilled].Enabled)
        {
            var wishes = await db.MicroWishes.AsNoTracking()
                .Where(w => (w.Status == WishStatus.Posted && w.PostedAt <= unclaimedBefore) || (w.Status == WishStatus.Claimed && w.PostedAt <= unfulfilledBefore))
                .Select(w => new { w.Id, w.StationId, w.Status, w.PostedAt })
                .ToListAsync(cancellationToken);
            items.AddRange(wishes.Select(w => new WaitingItem(
                w.Status == WishStatus.Posted ? AlertRule.WishUnclaimed : AlertRule.WishUnfulfilled, w.Id, w.StationId, w.PostedAt)));
        }

        if (settings[AlertRule.MediationOverdue].Enabled)
        {
            var cases = await db.MediationCases.AsNoTracking()
                .Where(m => m.Status == MediationStatus.Open && m.OpenedAt <= caseBefore)
                .Select(m => new { m.Id, m.StationId, m.OpenedAt })
                .ToListAsync(cancellationToken);
            items.AddRange(cases.Select(m => new WaitingItem(AlertRule.MediationOverdue, m.Id, m.StationId, m.OpenedAt)));
        }

        return items;
    }
}
