using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using ComplaintBot.Dialogs.Schema;
using ComplaintBot.Tests.Complaints;
using ComplaintBot.Tests.Stores;
using ComplaintBot.Tests.Support;
using Microsoft.Data.Sqlite;
using Activity = ComplaintBot.Dialogs.Schema.Activity;

namespace ComplaintBot.Tests.Runtime;

/// <summary>
/// Issue 17.1 on the default store: what one turn changes in the SQLite file (case, dialog state with its delivery
/// record, replies in the transcript) commits together or not at all. The turn fails through the host's test-only
/// fault point <c>Faults:AfterCaseCreated</c> (bot/Hosting/FaultInjection.cs), right after the case is stored and
/// before the state save: the crash window of the issue. Then the channel re-sends the same activity.
/// </summary>
public sealed class SqliteTurnTransactionTests : IDisposable
{
    private const string Complaint = "My parcel arrived broken, the box was crushed.";
    private readonly string _dir = Directory.CreateTempSubdirectory("cb-sqlite-tx-").FullName;

    private string DbPath => Path.Combine(_dir, "complaintbot.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }

    private Dictionary<string, string?> Settings(string fault) => new()
    {
        ["Storage:Provider"] = "Sqlite",
        ["Storage:Sqlite:Path"] = DbPath,
        ["Faults:AfterCaseCreated"] = fault,
    };

    [Fact]
    public async Task A_turn_that_fails_after_opening_a_case_leaves_no_case_no_state_change_and_no_delivery_record()
    {
        const string conversation = "sqlite-tx-1";
        var complaint = ApiMessages.Message(conversation, Complaint);
        SqliteFile.Row? before;
        await using (var failing = new ExactlyOnceHost(Settings("Throw")))
        {
            await failing.SendAsync(ApiMessages.Message(conversation, "hello")); // the conversation has state before the failing turn
            before = SqliteFile.State(DbPath, conversation);
            Assert.NotNull(before);

            var replies = await failing.SendAsync(complaint);

            Assert.Contains(replies, r => PgHost.IsApology(r.Text));
        }

        Assert.Empty(SqliteFile.Cases(DbPath, conversation));
        Assert.Equal(before, SqliteFile.State(DbPath, conversation)); // same document, same ETag: nothing of the turn was saved
        Assert.DoesNotContain(complaint.Id!, before!.Json);
        Assert.Contains(Complaint, SqliteFile.TranscriptTexts(DbPath, conversation)); // what the customer said stays

        // Restarted without the fault; the channel re-sends the same activity.
        await using var host = new ExactlyOnceHost(Settings("None"));
        var retry = await host.SendAsync(complaint);

        Assert.NotEmpty(retry);
        Assert.DoesNotContain(retry, r => PgHost.IsApology(r.Text));
        var number = Assert.Single(SqliteFile.Cases(DbPath, conversation));
        Assert.Contains(retry, r => r.Text?.Contains(number) == true); // the normal acknowledgement, with the one case's number
        Assert.Contains(complaint.Id!, SqliteFile.State(DbPath, conversation)!.Json); // now recorded as delivered
    }

    [Fact]
    public async Task A_bot_process_killed_after_opening_a_case_leaves_no_case_and_the_resent_activity_opens_exactly_one()
    {
        const string conversation = "sqlite-kill-1";
        var complaint = ApiMessages.Message(conversation, Complaint);
        await using (var doomed = await BotProcess.StartAsync(DbPath, "Kill"))
        {
            await doomed.SendAsync(ApiMessages.Message(conversation, "hello"));
            var before = SqliteFile.State(DbPath, conversation);

            var lost = await Record.ExceptionAsync(() => doomed.SendAsync(complaint));

            Assert.IsAssignableFrom<HttpRequestException>(lost); // the process died mid-turn (SIGKILL after the case insert)
            await doomed.WaitForExitAsync();
            Assert.Empty(SqliteFile.Cases(DbPath, conversation));
            Assert.Equal(before, SqliteFile.State(DbPath, conversation));
        }

        await using var restarted = await BotProcess.StartAsync(DbPath, "None");
        var retry = await restarted.SendAsync(complaint);

        Assert.DoesNotContain(retry, r => PgHost.IsApology(r.Text));
        var number = Assert.Single(SqliteFile.Cases(DbPath, conversation));
        Assert.Contains(retry, r => r.Text?.Contains(number) == true);
    }

    /// <summary>Reads the bot's SQLite file directly, as an operator would after a crash.</summary>
    private static class SqliteFile
    {
        public sealed record Row(string Json, string ETag);

        private static SqliteConnection Open(string path)
        {
            var c = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            c.Open();
            return c;
        }

        public static Row? State(string path, string conversation)
        {
            using var c = Open(path);
            using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT json, etag FROM state_items WHERE key = $k";
            cmd.Parameters.AddWithValue("$k", $"webchat/conversations/{conversation}");
            using var r = cmd.ExecuteReader();
            return r.Read() ? new Row(r.GetString(0), r.GetString(1)) : null;
        }

        public static List<string> Cases(string path, string conversation)
        {
            using var c = Open(path);
            using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT number FROM complaint_case WHERE conversation_id = $c";
            cmd.Parameters.AddWithValue("$c", conversation);
            using var r = cmd.ExecuteReader();
            var list = new List<string>();
            while (r.Read()) list.Add(r.GetString(0));
            return list;
        }

        public static List<string?> TranscriptTexts(string path, string conversation)
        {
            using var c = Open(path);
            using var cmd = c.CreateCommand();
            cmd.CommandText = "SELECT json FROM transcript WHERE conversation_id = $c ORDER BY seq";
            cmd.Parameters.AddWithValue("$c", ConversationKey.Of("webchat", conversation));
            using var r = cmd.ExecuteReader();
            var list = new List<string?>();
            while (r.Read()) list.Add(ActivityJson.Parse(r.GetString(0))?.Text);
            return list;
        }
    }

    /// <summary>The built bot (bot/bin/...) as its own process on a free loopback port, on the given SQLite file.</summary>
    private sealed class BotProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly HttpClient _http;

        private BotProcess(Process process, int port)
        {
            _process = process;
            _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        }

        public static async Task<BotProcess> StartAsync(string dbPath, string fault)
        {
            var port = FreePort();
            var start = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(dbPath)!,
            };
            start.ArgumentList.Add(BotDll());
            start.ArgumentList.Add($"--urls=http://127.0.0.1:{port}");
            start.ArgumentList.Add($"--Storage:Sqlite:Path={dbPath}");
            start.ArgumentList.Add($"--DirectLine:KeyFile={Path.Combine(Path.GetDirectoryName(dbPath)!, "directline.key")}");
            start.ArgumentList.Add($"--Faults:AfterCaseCreated={fault}");
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development"; // anonymous /api/messages callers, as in the in-process hosts
            var process = Process.Start(start)!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var bot = new BotProcess(process, port);
            // Bounded wait for /healthz (a guard against a bot that never comes up, not a timing assertion).
            for (var i = 0; i < 600; i++)
            {
                if (process.HasExited) throw new InvalidOperationException($"the bot exited with {process.ExitCode} at start-up");
                try
                {
                    if ((await bot._http.GetAsync("healthz")).IsSuccessStatusCode) return bot;
                }
                catch (HttpRequestException) { }
                await Task.Delay(100);
            }
            await bot.DisposeAsync();
            throw new TimeoutException("the bot did not answer /healthz");
        }

        public Task<List<Activity>> SendAsync(Activity activity) => ApiMessages.SendAsync(_http, activity);

        public Task WaitForExitAsync() => _process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(1)).Token);

        public async ValueTask DisposeAsync()
        {
            _http.Dispose();
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
            _process.Dispose();
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        private static string BotDll()
        {
            // tests/bin/<Configuration>/<tfm>/ → bot/bin/<Configuration>/<tfm>/ComplaintBot.dll, built with the tests.
            var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var path = Path.Combine(RepoPaths.Root, "bot", "bin", tfm.Parent!.Name, tfm.Name, "ComplaintBot.dll");
            Assert.True(File.Exists(path), "bot build output not found: " + path);
            return path;
        }
    }
}
