namespace RedStation.Data;

/// <summary>The <c>RedStation</c> configuration section.</summary>
public sealed class RedStationOptions
{
    public const string SectionName = "RedStation";

    /// <summary>IANA id of the city's time zone; day boundaries follow it.</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";
}

/// <summary>The <c>Seed</c> configuration section: the demo network.</summary>
public sealed class SeedOptions
{
    public const string SectionName = "Seed";

    /// <summary>
    /// Seed the demo network when the database is empty. Off unless set: a real city starts empty and brings in its own
    /// network (the setup page); the Development settings (the README's run command) switch it on.
    /// </summary>
    public bool Demo { get; set; }

    /// <summary>Days of history to generate, ending now.</summary>
    public int Days { get; set; } = 90;

    /// <summary>Seed of the random generator: the same value gives the same network.</summary>
    public int RandomSeed { get; set; } = 20201;
}
