namespace RedStation.Data;

/// <summary>
/// Something named in both of the network's languages — a district, a team, an activity type — and shown in the
/// reader's (the dashboard's <c>DisplayName()</c> picks one).
/// </summary>
public interface IBilingualName
{
    /// <summary>The Chinese name, the one on the signs.</summary>
    string Name { get; }

    /// <summary>The English name.</summary>
    string NameEn { get; }
}
