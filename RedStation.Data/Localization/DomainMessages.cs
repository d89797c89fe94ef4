namespace RedStation.Data.Localization;

/// <summary>Marker for <c>IStringLocalizer&lt;DomainMessages&gt;</c>: the domain services' messages.</summary>
public sealed class DomainMessages;
