using System.Buffers.Binary;
using System.IO.Compression;
using System.Text.Json.Nodes;
using ComplaintBot.Bot.Hosting;

namespace ComplaintBot.Tests.Channels.Teams;

/// <summary>`teams-manifest` writes a package a Teams admin can upload: the manifest's required fields and limits, the
/// bot in three scopes, icons of the sizes Teams checks, and the Chinese localization.</summary>
public sealed class TeamsManifestTests : IDisposable
{
    private const string AppId = "6f1d2c3b-4a5e-4f60-9a7b-8c9d0e1f2a3b";
    private readonly string _dir = Directory.CreateTempSubdirectory("teams-manifest-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<ZipArchive> RunAsync(params string[] extra)
    {
        var path = Path.Combine(_dir, "app.zip");
        var output = new StringWriter();
        var exit = await CommandLine.TryRunAsync(["teams-manifest", "--app-id", AppId, "--out", path, .. extra], output, new StringWriter());
        Assert.Equal(0, exit);
        Assert.Contains(path, output.ToString());
        return ZipFile.OpenRead(path);
    }

    private static JsonNode Json(ZipArchive zip, string name)
    {
        using var s = zip.GetEntry(name)!.Open();
        return JsonNode.Parse(s)!;
    }

    [Fact]
    public async Task The_package_holds_a_manifest_with_the_bot_in_personal_team_and_group_chat_scopes()
    {
        using var zip = await RunAsync("--website", "https://shop.example.cn/", "--developer", "Example Shop");
        Assert.Equal(new[] { "color.png", "manifest.json", "outline.png", "zh-cn.json" }, zip.Entries.Select(e => e.FullName).Order().ToArray());

        var m = Json(zip, "manifest.json");
        Assert.Equal("1.22", (string?)m["manifestVersion"]);
        Assert.EndsWith("/v1.22/MicrosoftTeams.schema.json", (string?)m["$schema"]);
        Assert.Equal(AppId, (string?)m["id"]);
        Assert.Matches(@"^\d+\.\d+\.\d+$", (string?)m["version"]);
        var bot = m["bots"]!.AsArray().Single()!;
        Assert.Equal(AppId, (string?)bot["botId"]);
        Assert.Equal(new[] { "groupChat", "personal", "team" }, bot["scopes"]!.AsArray().Select(x => (string?)x).Order().ToArray());
        Assert.Equal("Example Shop", (string?)m["developer"]!["name"]);
        foreach (var key in new[] { "websiteUrl", "privacyUrl", "termsOfUseUrl" })
            Assert.StartsWith("https://shop.example.cn/", (string?)m["developer"]![key]);
        Assert.Matches("^#[0-9A-Fa-f]{6}$", (string?)m["accentColor"]);
        Assert.Equal("color.png", (string?)m["icons"]!["color"]);
        Assert.Equal("outline.png", (string?)m["icons"]!["outline"]);
        // The schema's length limits.
        AssertText(m["name"]!["short"], 30);
        AssertText(m["name"]!["full"], 100);
        AssertText(m["description"]!["short"], 80);
        AssertText(m["description"]!["full"], 4000);
    }

    [Fact]
    public async Task The_chinese_localization_file_is_declared_and_carries_every_localized_text()
    {
        using var zip = await RunAsync();
        var m = Json(zip, "manifest.json");
        Assert.Equal("en-us", (string?)m["localizationInfo"]!["defaultLanguageTag"]);
        var lang = m["localizationInfo"]!["additionalLanguages"]!.AsArray().Single()!;
        Assert.Equal("zh-cn", (string?)lang["languageTag"]);
        var zh = Json(zip, (string)lang["file"]!);
        AssertText(zh["name.short"], 30);
        AssertText(zh["description.short"], 80);
        AssertText(zh["description.full"], 4000);
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", (string)zh["name.full"]!);
        Assert.NotEqual((string?)m["name"]!["short"], (string?)zh["name.short"]);
    }

    [Fact]
    public async Task The_colour_icon_is_an_opaque_192_square_and_the_outline_icon_is_white_on_transparent_32()
    {
        using var zip = await RunAsync("--accent", "#C0392B");
        var (cw, ch, color) = DecodePng(zip, "color.png");
        Assert.Equal((192, 192), (cw, ch));
        Assert.All(Enumerable.Range(0, cw * ch), i => Assert.Equal(255, color[i * 4 + 3]));
        Assert.Equal(new byte[] { 0xC0, 0x39, 0x2B }, color[..3]); // the corner shows the accent colour

        var (ow, oh, outline) = DecodePng(zip, "outline.png");
        Assert.Equal((32, 32), (ow, oh));
        var opaque = 0;
        for (var i = 0; i < ow * oh; i++)
        {
            var a = outline[i * 4 + 3];
            Assert.True(a == 0 || (outline[i * 4] == 255 && outline[i * 4 + 1] == 255 && outline[i * 4 + 2] == 255 && a == 255),
                $"pixel {i} is neither transparent nor white");
            if (a == 255) opaque++;
        }
        Assert.InRange(opaque, ow * oh / 8, ow * oh / 2); // a visible shape, not an empty or filled square
    }

    [Theory]
    [InlineData("--app-id", "not-a-guid", "--out", "{out}")]
    [InlineData("--app-id", AppId)]
    [InlineData("--app-id", AppId, "--out", "{out}", "--website", "http://shop.example.cn/")]
    [InlineData("--app-id", AppId, "--out", "{out}", "--accent", "blue")]
    public async Task Bad_options_are_refused_with_exit_code_2_and_no_file(params string[] args)
    {
        var error = new StringWriter();
        var target = Path.Combine(_dir, "x.zip");
        Assert.Equal(2, await CommandLine.TryRunAsync(["teams-manifest", .. args.Select(a => a.Replace("{out}", target))], new StringWriter(), error));
        Assert.StartsWith("teams-manifest: ", error.ToString());
        Assert.False(File.Exists(target));
    }

    private static void AssertText(JsonNode? node, int max)
    {
        var text = (string?)node;
        Assert.False(string.IsNullOrWhiteSpace(text));
        Assert.InRange(text!.Length, 1, max);
    }

    /// <summary>Reads an 8-bit RGBA PNG with unfiltered rows, checking the signature, chunk CRCs and header.</summary>
    private static (int Width, int Height, byte[] Rgba) DecodePng(ZipArchive zip, string name)
    {
        using var ms = new MemoryStream();
        using (var s = zip.GetEntry(name)!.Open()) s.CopyTo(ms);
        var png = ms.ToArray();
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        int width = 0, height = 0;
        var idat = new MemoryStream();
        for (var off = 8; off < png.Length;)
        {
            var len = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(off));
            var type = System.Text.Encoding.ASCII.GetString(png, off + 4, 4);
            var data = png.AsSpan(off + 8, len);
            Assert.Equal(Crc32(png.AsSpan(off + 4, len + 4)), BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(off + 8 + len)));
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                Assert.Equal(8, data[8]);
                Assert.Equal(6, data[9]);
            }
            else if (type == "IDAT") idat.Write(data);
            off += 12 + len;
        }
        idat.Position = 0;
        using var z = new ZLibStream(idat, CompressionMode.Decompress);
        var raw = new MemoryStream();
        z.CopyTo(raw);
        var rows = raw.ToArray();
        Assert.Equal(height * (1 + width * 4), rows.Length);
        var rgba = new byte[width * height * 4];
        for (var y = 0; y < height; y++)
        {
            Assert.Equal(0, rows[y * (1 + width * 4)]);
            Array.Copy(rows, y * (1 + width * 4) + 1, rgba, y * width * 4, width * 4);
        }
        return (width, height, rgba);
    }

    private static uint Crc32(ReadOnlySpan<byte> bytes)
    {
        var c = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            c ^= b;
            for (var k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        }
        return c ^ 0xFFFFFFFFu;
    }
}
