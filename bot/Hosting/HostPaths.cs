namespace ComplaintBot.Bot.Hosting;

/// <summary>
/// The one appsettings.json lives at the repository root. `dotnet run --project bot` from the root finds it
/// in the working directory; anywhere else we fall back to the copy linked into the build output.
/// </summary>
public static class HostPaths
{
    public static string ContentRoot()
    {
        var cwd = Directory.GetCurrentDirectory();
        return File.Exists(Path.Combine(cwd, "appsettings.json")) ? cwd : AppContext.BaseDirectory;
    }

    /// <summary>Static web UI (storefront, widget, agent console) is copied next to the binary at build time.</summary>
    public static string WebRoot() => Path.Combine(AppContext.BaseDirectory, "wwwroot");
}
