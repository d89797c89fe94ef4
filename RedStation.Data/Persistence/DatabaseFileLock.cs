namespace RedStation.Data.Persistence;

/// <summary>
/// The lock file beside the SQLite database (<c>redstation.db.lock</c>) that says "an app is running on this file". The
/// app holds it shared for its whole life (several processes may: tools, a second instance); <c>restore</c> takes it
/// exclusively, so it is refused while any app runs on the file, and an app cannot start during a restore. The lock is
/// the operating system's (<c>flock</c> on Linux, as .NET maps <see cref="FileShare"/>): it goes with the process, a
/// killed app leaves nothing behind to clean up.
/// </summary>
public sealed class DatabaseFileLock : IDisposable
{
    private readonly FileStream _stream;

    private DatabaseFileLock(FileStream stream) => _stream = stream;

    /// <summary>The lock file of a database file.</summary>
    public static string PathFor(string databaseFile) => Path.GetFullPath(databaseFile) + ".lock";

    /// <summary>The running app's hold on the file; null when a restore holds it (the start is refused).</summary>
    public static DatabaseFileLock? TryShared(string databaseFile) => TryOpen(databaseFile, FileAccess.Read, FileShare.ReadWrite);

    /// <summary>The restore's hold on the file; null while an app runs on it.</summary>
    public static DatabaseFileLock? TryExclusive(string databaseFile) => TryOpen(databaseFile, FileAccess.ReadWrite, FileShare.None);

    private static DatabaseFileLock? TryOpen(string databaseFile, FileAccess access, FileShare share)
    {
        try
        {
            return new DatabaseFileLock(new FileStream(PathFor(databaseFile), FileMode.OpenOrCreate, access, share));
        }
        catch (IOException ex) when (ex is not FileNotFoundException and not DirectoryNotFoundException)
        {
            return null;
        }
    }

    public void Dispose() => _stream.Dispose();
}
