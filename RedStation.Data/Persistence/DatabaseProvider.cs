namespace RedStation.Data.Persistence;

/// <summary>Which database engine holds the network.</summary>
public enum DatabaseProvider
{
    /// <summary>An embedded SQLite file: one server, nothing to install. The default.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server, shared by several app servers.</summary>
    PostgreSQL,
}

/// <summary>The <c>Database</c> configuration section; the connection string is <c>ConnectionStrings:RedStation</c>.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
}
