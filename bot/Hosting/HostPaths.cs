namespace ComplaintBot.Bot.Hosting;

/// <summary>
/// The one appsettings.json lives at the repository root. `dotnet run --project bot` from the root finds it
/// in the working directory (or its parent, when started in bot/); anywhere else we fall back to the copy linked into the build output.
/// </summary>
public static class HostPaths
{
    public static string ContentRoot()
    {
        // `dotnet run --project bot` starts the process in bot/, so look one level up too.
        var cwd = Directory.GetCurrentDirectory();
        foreach (var dir in new[] { cwd, Path.GetDirectoryName(cwd) })
            if (dir is not null && File.Exists(Path.Combine(dir, "appsettings.json"))) return dir;
        return AppContext.BaseDirectory;
    }

    /// <summary>Static web UI (storefront, widget, agent console) is copied next to the binary at build time.</summary>
    public static string WebRoot() => Path.Combine(AppContext.BaseDirectory, "wwwroot");
}
