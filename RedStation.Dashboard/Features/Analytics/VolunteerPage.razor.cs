using System.Globalization;
using Microsoft.AspNetCore.Components;
using RedStation.Data.Analytics;
using RedStation.Data.Time;

namespace RedStation.Dashboard.Features.Analytics;

/// <summary>
/// A volunteer's service for the analytics range in the URL: hours, the stations served and the sessions. The phone
/// number is shown as its last four digits only. Organisers and administrators only.
/// </summary>
public partial class VolunteerPage
{
    private VolunteerHistory? _history;
    private bool _loaded;

    [Inject] public required AnalyticsService Analytics { get; init; }
    [Inject] public required CityClock Clock { get; init; }

    [Parameter] public int VolunteerId { get; set; }

    [SupplyParameterFromQuery(Name = "preset")] public string? PresetText { get; set; }
    [SupplyParameterFromQuery(Name = "from")] public string? FromText { get; set; }
    [SupplyParameterFromQuery(Name = "to")] public string? ToText { get; set; }

    internal AnalyticsQuery Query { get; private set; } = new();

    private AnalyticsFilter Filter { get; set; } = null!;

    private string RangeLabel => $"{Filter.From.ToString("d", CultureInfo.CurrentCulture)} – {Filter.To.ToString("d", CultureInfo.CurrentCulture)}";

    protected override async Task OnParametersSetAsync()
    {
        Query = AnalyticsQuery.Parse(PresetText, FromText, ToText, null, null, null, null);
        Filter = Query.ToFilter(Clock.Today);
        _history = await Analytics.GetVolunteerHistoryAsync(VolunteerId, Filter);
        _loaded = true;
    }

    private string Local(DateTime utc) => Clock.ToLocal(utc).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
