using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using ComplaintBot.Dialogs.Text;

namespace ComplaintBot.Bot.Channels.Teams;

/// <summary>What an operator tells the package about the bot's registration and the shop.</summary>
public sealed record TeamsAppSettings(Guid AppId, Uri WebsiteUrl, Uri PrivacyUrl, Uri TermsOfUseUrl, string DeveloperName,
    string Version = "1.0.0", string AccentColor = "#2B6CB0");

/// <summary>
/// A Teams app package (the zip an admin uploads): manifest.json of schema <see cref="ManifestVersion"/> with the bot in
/// the personal, team and groupChat scopes, its colour and outline icons, and a zh-CN localization file. The app's
/// name and descriptions come from <c>prompts/{locale}/teams.yaml</c> like every other text the bot shows.
/// </summary>
public static class TeamsAppPackage
{
    public const string ManifestVersion = "1.22";
    public const string DefaultLanguage = "en-US";
    public const string AdditionalLanguage = "zh-CN";
    public static readonly string[] Scopes = ["personal", "team", "groupChat"];

    public static byte[] Build(TeamsAppSettings s, PromptLibrary prompts)
    {
        var (r, g, b) = ParseColor(s.AccentColor);
        var manifest = new JsonObject
        {
            ["$schema"] = $"https://developer.microsoft.com/json-schemas/teams/v{ManifestVersion}/MicrosoftTeams.schema.json",
            ["manifestVersion"] = ManifestVersion,
            ["version"] = s.Version,
            // The Teams app id may differ from the bot's; using the bot's app id keeps one id per registration.
            ["id"] = s.AppId.ToString(),
            ["developer"] = new JsonObject
            {
                ["name"] = s.DeveloperName,
                ["websiteUrl"] = s.WebsiteUrl.ToString(),
                ["privacyUrl"] = s.PrivacyUrl.ToString(),
                ["termsOfUseUrl"] = s.TermsOfUseUrl.ToString(),
            },
            ["name"] = new JsonObject { ["short"] = Text(prompts, DefaultLanguage, "name_short"), ["full"] = Text(prompts, DefaultLanguage, "name_full") },
            ["description"] = new JsonObject
            {
                ["short"] = Text(prompts, DefaultLanguage, "description_short"),
                ["full"] = Text(prompts, DefaultLanguage, "description_full"),
            },
            ["icons"] = new JsonObject { ["color"] = "color.png", ["outline"] = "outline.png" },
            ["accentColor"] = s.AccentColor,
            ["bots"] = new JsonArray(new JsonObject
            {
                ["botId"] = s.AppId.ToString(),
                ["scopes"] = new JsonArray(Scopes.Select(x => (JsonNode)JsonValue.Create(x)!).ToArray()),
                ["supportsFiles"] = false,
                ["isNotificationOnly"] = false,
            }),
            ["permissions"] = new JsonArray("identity", "messageTeamMembers"),
            ["validDomains"] = new JsonArray(),
            ["localizationInfo"] = new JsonObject
            {
                ["defaultLanguageTag"] = DefaultLanguage.ToLowerInvariant(),
                ["additionalLanguages"] = new JsonArray(new JsonObject
                {
                    ["languageTag"] = AdditionalLanguage.ToLowerInvariant(),
                    ["file"] = $"{AdditionalLanguage.ToLowerInvariant()}.json",
                }),
            },
        };
        var localized = new JsonObject
        {
            ["$schema"] = $"https://developer.microsoft.com/json-schemas/teams/v{ManifestVersion}/MicrosoftTeams.Localization.schema.json",
            ["name.short"] = Text(prompts, AdditionalLanguage, "name_short"),
            ["name.full"] = Text(prompts, AdditionalLanguage, "name_full"),
            ["description.short"] = Text(prompts, AdditionalLanguage, "description_short"),
            ["description.full"] = Text(prompts, AdditionalLanguage, "description_full"),
        };

        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            var json = new JsonSerializerOptions { WriteIndented = true };
            Add(archive, "manifest.json", JsonSerializer.SerializeToUtf8Bytes(manifest, json));
            Add(archive, $"{AdditionalLanguage.ToLowerInvariant()}.json", JsonSerializer.SerializeToUtf8Bytes(localized, json));
            Add(archive, "color.png", AppIcons.Color(r, g, b));
            Add(archive, "outline.png", AppIcons.Outline());
        }
        return zip.ToArray();
    }

    private static string Text(PromptLibrary prompts, string locale, string name) => prompts.Render(locale, $"teams.{name}", new { }).Trim();

    private static void Add(ZipArchive archive, string name, byte[] bytes)
    {
        using var s = archive.CreateEntry(name, CompressionLevel.Optimal).Open();
        s.Write(bytes);
    }

    private static (byte R, byte G, byte B) ParseColor(string hex)
    {
        if (hex.Length != 7 || hex[0] != '#' || !int.TryParse(hex.AsSpan(1), System.Globalization.NumberStyles.HexNumber, null, out var v))
            throw new ArgumentException($"accent colour '{hex}' is not of the form #RRGGBB");
        return ((byte)(v >> 16), (byte)(v >> 8), (byte)v);
    }
}
