using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ComplaintBot.Bench;
using ComplaintBot.Bench.Security;
using ComplaintBot.Dialogs.Schema;
using Activity = ComplaintBot.Dialogs.Schema.Activity;

// The security figures of docs/security.md, measured against the real bot (Production, SQLite, loopback only):
//   1. hostile requests across every endpoint: responses by status, 5xx count, rows stored;
//   2. rate-limit refusals (429 with Retry-After) for wrong passwords and token minting;
//   3. N concurrent customers for S seconds: turns, HTTP errors, error apologies;
//   4. K kill -9 restarts under load: acknowledged messages and announced cases missing afterwards.
// Bounded: every phase has a fixed count or duration, every request a timeout; the bot is killed at the end.

var hostileTarget = Arg("--hostile", 10_000);
var customers = Arg("--customers", 200);
var seconds = Arg("--seconds", 60);
var restarts = Arg("--restarts", 10);
int Arg(string name, int fallback) { var i = Array.IndexOf(args, name); return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1]) : fallback; }

var root = BotLauncher.RepoRoot();
var apologies = new[] { "en-US", "zh-CN" }.Select(l => Regex.Match(File.ReadAllText(Path.Combine(root, "prompts", l, "errors.yaml")), @"(?m)^template:\s*(.+)$").Groups[1].Value.Trim())
    .Where(t => t.Length > 0).ToArray();
var report = new List<string>();
void Say(string line) { Console.WriteLine(line); report.Add(line); }
var total = Stopwatch.StartNew();

// ------------------------------------------------------------------ 1 + 2: hostile requests and rate limits
var dataDir = Directory.CreateTempSubdirectory("complaintbot-probe-").FullName;
await using (var bot = await ProbeBot.StartAsync(dataDir, TimeSpan.FromSeconds(90)))
{
    using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 32, AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(20) };
    async Task<(string Token, string Conversation)> StorefrontTokenAsync()
    {
        var r = new HttpRequestMessage(HttpMethod.Post, new Uri(bot.BaseUrl, "api/directline/token"));
        r.Headers.Add("Origin", bot.BaseUrl.GetLeftPart(UriPartial.Authority));
        var res = await http.SendAsync(r);
        res.EnsureSuccessStatusCode();
        var j = await res.Content.ReadFromJsonAsync<JsonElement>();
        return (j.GetProperty("token").GetString()!, j.GetProperty("conversationId").GetString()!);
    }
    var (tokenA, convA) = await StorefrontTokenAsync();
    var (tokenB, _) = await StorefrontTokenAsync();
    // Open conversation A as the widget does, so the activities endpoint has a started conversation.
    await http.SendAsync(new HttpRequestMessage(HttpMethod.Post, new Uri(bot.BaseUrl, "v3/directline/conversations")) { Headers = { Authorization = new("Bearer", tokenA) } });
    await Task.Delay(1000);
    var before = StoreCounts.Rows(bot.DatabasePath);

    var probes = new HostileCorpus(bot.BaseUrl, tokenA, convA, tokenB).Probes();
    var statuses = new ConcurrentDictionary<(string Area, int Status), int>();
    var failures = new ConcurrentBag<string>();
    var sent = 0;
    await Parallel.ForEachAsync(Enumerable.Range(0, hostileTarget), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
    {
        var probe = probes[i % probes.Count];
        int status;
        try
        {
            using var res = await http.SendAsync(probe.Build(), ct);
            status = (int)res.StatusCode;
            if (probe.Area == "static" && res.IsSuccessStatusCode) failures.Add($"{probe.Name} was served");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { status = 0; }
        Interlocked.Increment(ref sent);
        statuses.AddOrUpdate((probe.Area, status), 1, (_, n) => n + 1);
        if (status >= 500 || status == 0) failures.Add($"{probe.Area} / {probe.Name}: {(status == 0 ? "no response" : status)}");
    });
    await Task.Delay(2000); // let anything queued reach the file
    var after = StoreCounts.Rows(bot.DatabasePath);
    var stored = StoreCounts.Tables.ToDictionary(t => t, t => after[t] - before[t]);

    Say($"## Hostile requests ({probes.Count} kinds, {sent} requests, 16 at a time)");
    foreach (var area in statuses.Keys.Select(k => k.Area).Distinct().Order())
        Say($"- {area}: " + string.Join(", ", statuses.Where(s => s.Key.Area == area).OrderBy(s => s.Key.Status).Select(s => $"{s.Value} × {(s.Key.Status == 0 ? "no response" : s.Key.Status)}")));
    Say($"- responses of 5xx or none: {failures.Count(f => !f.EndsWith("was served"))}; secret files served: {failures.Count(f => f.EndsWith("was served"))}");
    foreach (var f in failures.Distinct().Take(10)) Say($"  - {f}");
    Say($"- rows stored: {stored.Values.Sum()} (" + string.Join(", ", stored.Select(s => $"{s.Key} {s.Value:+0;-0;0}")) + ")");

    // Rate limits: 8 password guessers and a token minter, as fast as they go; /healthz is timed meanwhile.
    var guesses = new ConcurrentDictionary<int, int>();
    var retryAfter = 0;
    var slowestHealth = 0.0;
    using (var guessing = new CancellationTokenSource())
    {
        var pinger = Task.Run(async () =>
        {
            while (!guessing.IsCancellationRequested)
            {
                var w = Stopwatch.StartNew();
                try { await http.GetAsync(new Uri(bot.BaseUrl, "healthz"), guessing.Token); } catch (Exception) { }
                slowestHealth = Math.Max(slowestHealth, w.Elapsed.TotalMilliseconds);
                try { await Task.Delay(100, guessing.Token); } catch (OperationCanceledException) { }
            }
        });
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, 8), async (g, ct) =>
        {
            using var console = new HttpClient(new SocketsHttpHandler { UseCookies = true, CookieContainer = new CookieContainer() }) { BaseAddress = bot.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
            var af = await console.GetFromJsonAsync<JsonElement>("agent/api/antiforgery", ct);
            for (var i = 0; i < 300 / 8 + (g < 300 % 8 ? 1 : 0); i++)
            {
                var r = new HttpRequestMessage(HttpMethod.Post, "agent/api/signin") { Content = JsonContent.Create(new { id = "lead", password = $"guess-{g}-{i}" }) };
                r.Headers.Add(af.GetProperty("header").GetString()!, af.GetProperty("token").GetString());
                using var res = await console.SendAsync(r, ct);
                guesses.AddOrUpdate((int)res.StatusCode, 1, (_, n) => n + 1);
                if ((int)res.StatusCode == 429 && res.Headers.RetryAfter is not null) Interlocked.Increment(ref retryAfter);
            }
        });
        guessing.Cancel();
        await pinger;
        Say($"## Rate limits");
        Say($"- 300 wrong passwords from 8 guessers in {watch.Elapsed.TotalSeconds:F1} s: " + string.Join(", ", guesses.OrderBy(g => g.Key).Select(g => $"{g.Value} × {g.Key}"))
            + $"; 429s with Retry-After: {retryAfter}; slowest /healthz meanwhile: {slowestHealth:F0} ms");
    }
    var minted = new ConcurrentDictionary<int, int>();
    var mintWatch = Stopwatch.StartNew();
    await Parallel.ForEachAsync(Enumerable.Range(0, 2000), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (_, ct) =>
    {
        var r = new HttpRequestMessage(HttpMethod.Post, new Uri(bot.BaseUrl, "api/directline/token"));
        r.Headers.Add("Origin", bot.BaseUrl.GetLeftPart(UriPartial.Authority));
        try { using var res = await http.SendAsync(r, ct); minted.AddOrUpdate((int)res.StatusCode, 1, (_, n) => n + 1); }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { minted.AddOrUpdate(0, 1, (_, n) => n + 1); }
    });
    Say($"- 2,000 storefront token requests in {mintWatch.Elapsed.TotalSeconds:F1} s: " + string.Join(", ", minted.OrderBy(g => g.Key).Select(g => $"{g.Value} × {g.Key}")));
    var health = Stopwatch.StartNew();
    await http.GetAsync(new Uri(bot.BaseUrl, "healthz"));
    Say($"- /healthz right after: {health.Elapsed.TotalMilliseconds:F0} ms");
}
TryDelete(dataDir);

// ------------------------------------------------------------------ 3: concurrent customers
dataDir = Directory.CreateTempSubdirectory("complaintbot-probe-").FullName;
await using (var bot = await ProbeBot.StartAsync(dataDir, TimeSpan.FromSeconds(90)))
{
    using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = customers, PooledConnectionLifetime = Timeout.InfiniteTimeSpan }) { Timeout = TimeSpan.FromSeconds(30) };
    var load = new Load(http, new Uri(bot.BaseUrl, "api/messages"), apologies);
    using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
    var watch = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, customers).Select(i => Task.Run(() => load.CustomerAsync($"load-{i}", stop.Token))));
    Say($"## {customers} concurrent customers for {watch.Elapsed.TotalSeconds:F0} s");
    Say($"- turns answered: {load.Turns}; HTTP errors: {load.HttpErrors} ({string.Join(", ", load.ErrorStatuses.OrderBy(s => s.Key).Select(s => $"{s.Value} × {s.Key}"))}); error apologies: {load.Apologies}");
    Say($"- cases announced: {load.Cases.Count}; turn latency p50 {load.Percentile(0.5):F0} ms, p99 {load.Percentile(0.99):F0} ms");
}
TryDelete(dataDir);

// ------------------------------------------------------------------ 4: kill -9 under load
dataDir = Directory.CreateTempSubdirectory("complaintbot-probe-").FullName;
var acked = new Load(null!, null!, apologies);
var startFailures = 0;
for (var round = 0; round < restarts; round++)
{
    ProbeBot bot;
    try { bot = await ProbeBot.StartAsync(dataDir, TimeSpan.FromSeconds(90)); }
    catch (Exception e) when (e is TimeoutException or InvalidOperationException) { startFailures++; Say($"- restart {round + 1} failed: {e.Message}"); continue; }
    using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 20 }) { Timeout = TimeSpan.FromSeconds(30) };
    var load = acked.On(http, new Uri(bot.BaseUrl, "api/messages"));
    using var stop = new CancellationTokenSource();
    var running = Enumerable.Range(0, 20).Select(i => Task.Run(() => load.CustomerAsync($"crash-{round}-{i}", stop.Token))).ToArray();
    await Task.Delay(TimeSpan.FromSeconds(3 + Random.Shared.NextDouble() * 2));
    await bot.KillAsync(); // mid-flight: requests in progress lose their connection and are not counted as acknowledged
    stop.Cancel();
    await Task.WhenAll(running);
    await bot.DisposeAsync();
}
var transcriptIds = StoreCounts.TranscriptActivityIds(Path.Combine(dataDir, "complaintbot.db"));
var caseNumbers = StoreCounts.CaseNumbers(Path.Combine(dataDir, "complaintbot.db"));
var lostMessages = acked.AckedMessageIds.Count(id => !transcriptIds.Contains(id));
var lostCases = acked.Cases.Count(n => !caseNumbers.Contains(n));
Say($"## {restarts} kill -9 restarts under load (20 customers, 3–5 s of load each)");
Say($"- acknowledged messages: {acked.AckedMessageIds.Count}, missing from the transcript after the crashes: {lostMessages}");
Say($"- cases announced to customers: {acked.Cases.Count}, missing from the store: {lostCases}; failed restarts: {startFailures}");
TryDelete(dataDir);
Say($"(probe took {total.Elapsed.TotalSeconds:F0} s)");
return 0;

static void TryDelete(string dir) { try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { } }

/// <summary>Scripted complaint conversations over /api/messages (expectReplies); counts what the customer saw.</summary>
sealed partial class Load(HttpClient http, Uri url, string[] apologies)
{
    private static readonly string[] Lines =
    [
        "My parcel arrived broken and the box was crushed, I am not happy.",
        "The order number is 20261124001",
        "I would like a replacement please",
        "yes",
        "Replacement",
    ];
    private readonly ConcurrentBag<double> _latencies = new();
    public ConcurrentDictionary<int, int> ErrorStatuses { get; private set; } = new();
    public ConcurrentBag<string> AckedMessageIds { get; private set; } = new();
    public ConcurrentDictionary<string, bool> CaseSet { get; private set; } = new();
    public ICollection<string> Cases => CaseSet.Keys;
    private int _turns, _httpErrors, _apologies;
    public int Turns => _turns;
    public int HttpErrors => _httpErrors;
    public int Apologies => _apologies;

    /// <summary>Another target for the same tallies (a restarted bot).</summary>
    public Load On(HttpClient client, Uri target) => new(client, target, apologies)
    {
        ErrorStatuses = ErrorStatuses, AckedMessageIds = AckedMessageIds, CaseSet = CaseSet,
    };

    public double Percentile(double p)
    {
        var all = _latencies.Order().ToArray();
        return all.Length == 0 ? 0 : all[(int)Math.Min(all.Length - 1, p * all.Length)];
    }

    [GeneratedRegex(@"C\d{8}-\d{4}")]
    private static partial Regex CaseNumber();

    public async Task CustomerAsync(string who, CancellationToken stop)
    {
        for (var n = 0; !stop.IsCancellationRequested; n++)
        {
            var conversation = $"{who}-{n}-{Guid.NewGuid():N}"[..40];
            string? offered = null;
            foreach (var line in Lines)
            {
                if (stop.IsCancellationRequested) return;
                var activity = new Activity
                {
                    Type = ActivityTypes.Message, Id = Guid.NewGuid().ToString("N"), ChannelId = "webchat", ServiceUrl = "http://127.0.0.1:9/",
                    Conversation = new ConversationAccount { Id = conversation }, From = new ChannelAccount { Id = who, Name = who },
                    Recipient = new ChannelAccount { Id = "complaintbot" }, Locale = "en-US", Text = offered ?? line,
                    Timestamp = DateTimeOffset.UtcNow, DeliveryMode = DeliveryModes.ExpectReplies,
                };
                var watch = Stopwatch.StartNew();
                HttpResponseMessage res;
                string body;
                try
                {
                    res = await http.PostAsJsonAsync(url, activity, ActivityJson.Options, stop);
                    body = await res.Content.ReadAsStringAsync(stop);
                }
                catch (Exception) when (stop.IsCancellationRequested) { return; }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
                {
                    Interlocked.Increment(ref _httpErrors);
                    ErrorStatuses.AddOrUpdate(0, 1, (_, c) => c + 1);
                    break;
                }
                using (res)
                {
                    _latencies.Add(watch.Elapsed.TotalMilliseconds);
                    if (!res.IsSuccessStatusCode)
                    {
                        Interlocked.Increment(ref _httpErrors);
                        ErrorStatuses.AddOrUpdate((int)res.StatusCode, 1, (_, c) => c + 1);
                        break;
                    }
                    Interlocked.Increment(ref _turns);
                    AckedMessageIds.Add(activity.Id!);
                    var replies = body.Length == 0 ? null : JsonSerializer.Deserialize<ExpectedReplies>(body, ActivityJson.Options);
                    foreach (var r in replies?.Activities ?? [])
                    {
                        if (r.Text is { } t && apologies.Any(a => t.Contains(a, StringComparison.Ordinal))) Interlocked.Increment(ref _apologies);
                        foreach (Match m in CaseNumber().Matches(r.Text ?? "")) CaseSet.TryAdd(m.Value, true);
                    }
                    offered = replies?.Activities.LastOrDefault(r => r.SuggestedActions?.Actions.Count > 0)?.SuggestedActions!.Actions[0] is { } a
                        ? a.Value?.ToString() ?? a.Title : null;
                }
            }
        }
    }
}
