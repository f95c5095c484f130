namespace ComplaintBot.Dialogs.State;

/// <summary>
/// Files that hold customers' data or secrets (the SQLite database, the Direct Line signing key) are readable and
/// writable by the bot's own user only (0600), whatever the process umask. SQLite gives its -wal and -shm files the
/// mode of the database file, so creating that file first is enough. No-op on Windows (ACLs, not modes).
/// </summary>
public static class PrivateFiles
{
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates <paramref name="path"/> empty with mode 0600 if missing; an existing file (and its -wal/-shm) is narrowed to 0600.</summary>
    public static void EnsureOwnerOnly(string path)
    {
        if (OperatingSystem.IsWindows()) return;
        try
        {
            using (new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerOnly })) { }
        }
        catch (IOException) when (File.Exists(path))
        {
            // Already there (created by an older version, or another instance): narrow it below.
        }
        foreach (var file in new[] { path, path + "-wal", path + "-shm", path + "-journal" })
            if (File.Exists(file) && (File.GetUnixFileMode(file) & ~OwnerOnly) != 0) File.SetUnixFileMode(file, OwnerOnly);
    }

    /// <summary>Writes a new file with mode 0600 from the start (no moment when others could read it). Throws if it exists.</summary>
    public static void WriteNew(string path, ReadOnlySpan<byte> content)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = OwnerOnly;
        using var f = new FileStream(path, options);
        f.Write(content);
    }
}
