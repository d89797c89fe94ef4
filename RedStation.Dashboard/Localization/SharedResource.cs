namespace RedStation.Dashboard.Localization;

/// <summary>Marker for <c>IStringLocalizer&lt;SharedResource&gt;</c>: every string the dashboard shows.</summary>
public sealed class SharedResource;
