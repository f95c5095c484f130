using ComplaintBot.Dialogs.Text;

namespace ComplaintBot.Bot.Channels.Teams;

/// <summary>
/// <c>dotnet run --project bot -- teams-manifest --app-id ID --out FILE.zip [--website URL] [--privacy-url URL]
/// [--terms-url URL] [--developer NAME] [--version X.Y.Z] [--accent #RRGGBB]</c>: writes the Teams app package
/// (see docs/deploy-azure.md) for the Azure Bot registration whose Microsoft App ID is ID.
/// </summary>
public static class TeamsManifestCommand
{
    public const string Usage = "usage: teams-manifest --app-id GUID --out FILE.zip [--website https://…] [--privacy-url https://…] [--terms-url https://…] [--developer NAME] [--version X.Y.Z] [--accent #RRGGBB]";

    public static async Task<int> RunAsync(string[] args, TextWriter output)
    {
        var o = ParseOptions(args);
        if (!Guid.TryParse(o.GetValueOrDefault("app-id"), out var appId))
            throw new ArgumentException($"--app-id must be the bot's Microsoft App ID (a GUID). {Usage}");
        var outPath = o.GetValueOrDefault("out") ?? throw new ArgumentException($"--out is required. {Usage}");
        var website = HttpsUrl(o, "website", "https://example.com/");
        var version = o.GetValueOrDefault("version") ?? "1.0.0";
        if (!System.Text.RegularExpressions.Regex.IsMatch(version, @"^\d+\.\d+\.\d+$"))
            throw new ArgumentException($"--version must be of the form 1.0.0, not '{version}'");
        var settings = new TeamsAppSettings(appId, website,
            HttpsUrl(o, "privacy-url", new Uri(website, "privacy").ToString()),
            HttpsUrl(o, "terms-url", new Uri(website, "terms").ToString()),
            o.GetValueOrDefault("developer") ?? "ComplaintBot", version, o.GetValueOrDefault("accent") ?? "#2B6CB0");

        var prompts = new PromptLibrary(Path.Combine(AppContext.BaseDirectory, "prompts"));
        var bytes = TeamsAppPackage.Build(settings, prompts);
        var full = Path.GetFullPath(outPath);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        await File.WriteAllBytesAsync(full, bytes);
        output.WriteLine($"wrote {full} ({bytes.Length} bytes): manifest {TeamsAppPackage.ManifestVersion}, bot {appId} in {string.Join(", ", TeamsAppPackage.Scopes)}");
        if (!o.ContainsKey("website"))
            output.WriteLine("note: --website was not given; the package names https://example.com/ as the shop's site, privacy and terms pages");
        return 0;
    }

    private static Uri HttpsUrl(Dictionary<string, string> o, string key, string fallback)
    {
        var value = o.GetValueOrDefault(key) ?? fallback;
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
            throw new ArgumentException($"--{key} must be an https:// URL, not '{value}'");
        return uri;
    }

    private static Dictionary<string, string> ParseOptions(string[] args)
    {
        var o = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--") || i + 1 >= args.Length) throw new ArgumentException($"unexpected '{args[i]}'. {Usage}");
            o[args[i][2..]] = args[++i];
        }
        return o;
    }
}
