using ComplaintBot.Bot.Channels.DirectLine;
using ComplaintBot.Dialogs.State;
using ComplaintBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ComplaintBot.Tests.Privacy;

/// <summary>The database and the Direct Line signing key are readable by the bot's user only (0600), whatever the umask.</summary>
public sealed class PrivateFileModeTests
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    public async Task The_started_bot_creates_its_database_wal_and_signing_key_owner_only()
    {
        if (OperatingSystem.IsWindows()) return;
        await using var server = BotServer.Start();
        // The key is made when the token service first starts; one write makes the WAL file.
        server.Services.GetRequiredService<DirectLineTokenService>();
        await server.Services.GetRequiredService<IStorage>().WriteAsync(new Dictionary<string, StoreItem> { ["probe"] = new("{}", "*") });

        foreach (var name in new[] { "complaintbot.db", "complaintbot.db-wal", "directline.key" })
        {
            var path = Path.Combine(server.DataDir, name);
            Assert.True(File.Exists(path), name);
            Assert.Equal(OwnerOnly, File.GetUnixFileMode(path));
        }
    }

    [Fact]
    public void A_database_file_left_readable_by_an_older_version_is_narrowed_when_opened()
    {
        if (OperatingSystem.IsWindows()) return;
        using var temp = new TempDatabase();
        Directory.CreateDirectory(Path.GetDirectoryName(temp.Path)!);
        File.WriteAllBytes(temp.Path, []);
        File.SetUnixFileMode(temp.Path, OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.OtherRead);

        temp.Open();

        Assert.Equal(OwnerOnly, File.GetUnixFileMode(temp.Path));
    }
}
