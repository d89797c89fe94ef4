using Microsoft.AspNetCore.Components;
using RedStation.Data.Alerts;
using RedStation.Data.Live;

namespace RedStation.Dashboard.Components.Alerts;

/// <summary>
/// A scope's open alerts, folded: the number of alert groups, the count of each severity and the <see cref="Top"/> most
/// pressing groups (severity first, then the oldest condition), opening on a tap to <see cref="ChildContent"/> (the full list).
/// </summary>
public partial class AlertSummary
{
    private IReadOnlyList<AlertGroup> _groups = [];
    private IReadOnlyList<(AlertSeverity Severity, int Count)> _bySeverity = [];
    private AlertSeverity _top;
    private bool _expanded;

    /// <summary>The scope's open alerts, as the live snapshot holds them.</summary>
    [Parameter, EditorRequired] public required IReadOnlyList<AlertLive> Alerts { get; set; }

    [Inject] public required LiveFeed Feed { get; init; }

    [Parameter, EditorRequired] public required Func<int, string> StationName { get; set; }

    /// <summary>How many of the most pressing groups to name under the line (none on the desk, whose station is known).</summary>
    [Parameter] public int Top { get; set; }

    /// <summary>What the open summary shows: the full list.</summary>
    [Parameter, EditorRequired] public required RenderFragment ChildContent { get; set; }

    /// <summary>At the end of the line, e.g. a link to the alerts page.</summary>
    [Parameter] public RenderFragment? Trailing { get; set; }

    [Parameter] public string TestId { get; set; } = "alert-summary";

    /// <summary>Whether it starts open.</summary>
    [Parameter] public bool InitiallyExpanded { get; set; }

    protected override void OnInitialized() => _expanded = InitiallyExpanded;

    protected override void OnParametersSet()
    {
        // The same read as every other consumer (LiveFeed.OpenGroups): silenced groups left out, severity then age.
        _groups = Feed.GroupsOf(Alerts);
        _bySeverity = _groups
            .GroupBy(g => g.Severity)
            .OrderByDescending(g => g.Key)
            .Select(g => (g.Key, g.Count()))
            .ToList();
        _top = _groups.Count > 0 ? _groups[0].Severity : AlertSeverity.Low;
    }

    private void Toggle() => _expanded = !_expanded;

    private static string SeverityClass(AlertSeverity severity) => severity.ToString().ToLowerInvariant();
}
