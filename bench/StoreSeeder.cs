using System.Diagnostics;
using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Orders;
using Microsoft.Data.Sqlite;

namespace ComplaintBot.Bench;

/// <summary>
/// <c>bench -- seed --cases N --store PATH</c>: a SQLite store as a shop's would look after N complaints. The real bot
/// creates the file (its own schema, demo shop) and holds one scripted conversation per language on it; those rows —
/// conversation state, transcript, case — are the templates. Then N copies go in by bulk insert, in transactions of
/// <see cref="Batch"/> conversations: each with its own conversation, user and case number (per-day counters kept
/// consistent), spread over the last 90 days, a product of the demo catalog, four in ten with a signed-in customer id
/// (repeat customers), and the case status of its age (older than 7 days closed, 2–7 days resolved, newer as the
/// conversation left it), follow-ups sent. Timestamps inside the copied transcript activities are the template's.
/// </summary>
public static class StoreSeeder
{
    private const int Batch = 10_000;
    private static readonly TimeSpan Spread = TimeSpan.FromDays(90);

    public static async Task<int> SeedAsync(BenchOptions o)
    {
        var path = Path.GetFullPath(o.Store!);
        if (File.Exists(path))
        {
            Console.Error.WriteLine($"{path} exists: seed writes a new store (delete it first).");
            return 2;
        }
        await SeedAsync(path, o.Cases);
        return 0;
    }

    public static async Task SeedAsync(string path, int count)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var watch = Stopwatch.StartNew();
        var templates = await RecordTemplatesAsync(path);
        Console.WriteLine($"templates recorded by the real bot in {watch.Elapsed.TotalSeconds:F1} s; inserting {count} conversations ...");

        await using var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await db.OpenAsync();
        Execute(db, "PRAGMA synchronous=OFF;");
        var random = new Random(15);
        var now = DateTimeOffset.UtcNow;
        var counters = new Dictionary<string, int>();
        var rows = 0L;
        for (var start = 0; start < count; start += Batch)
        {
            await using var tx = (SqliteTransaction)await db.BeginTransactionAsync();
            var insert = new Inserts(db, tx);
            for (var n = start; n < Math.Min(count, start + Batch); n++)
            {
                // Oldest first, so case numbers rise with time as the bot's do.
                var created = now - Spread + Spread * ((double)n / count) - TimeSpan.FromHours(1) + TimeSpan.FromMinutes(random.Next(0, 30));
                rows += insert.Conversation(templates[n % templates.Count], n, created, now, random, counters);
            }
            foreach (var (day, last) in counters) insert.Counter(day, last);
            await tx.CommitAsync();
            Console.WriteLine($"  {Math.Min(count, start + Batch)} conversations ({rows} rows) after {watch.Elapsed.TotalSeconds:F0} s");
        }
        Execute(db, "PRAGMA wal_checkpoint(TRUNCATE);");
        Console.WriteLine($"seeded {count} conversations and cases ({rows} rows) into {path} in {watch.Elapsed.TotalSeconds:F1} s, " +
                          $"{new FileInfo(path).Length / 1024.0 / 1024.0:F0} MB");
    }

    /// <summary>The rows one real conversation left, with the ids to replace in copies.</summary>
    private sealed record Template(string ConversationId, string UserId, string CaseNumber, Case Case,
        List<(string Key, string Json)> State, List<string> Transcript);

    private static async Task<List<Template>> RecordTemplatesAsync(string path)
    {
        var said = new List<(string ConversationId, string UserId)>();
        await using (var bot = await ServerProcess.StartBotAsync(BenchBotSettings.ForLoad, path))
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            foreach (var language in ComplaintScript.Languages)
            {
                var script = ComplaintScript.ForComplaintBot(language);
                var customer = new CustomerScript(0, http, bot.MessagesUrl, script, new LoadStats(1, script.Steps.Count));
                await customer.TraceAsync(CancellationToken.None);
                said.Add((customer.TraceConversationId, customer.UserId));
            }
        }

        await using var db = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        await db.OpenAsync();
        var templates = new List<Template>();
        foreach (var (conversationId, userId) in said)
        {
            var caseJson = Strings(db, "SELECT json FROM complaint_case WHERE conversation_id = $c ORDER BY created_at", conversationId).Single();
            var c = CaseJson.Deserialize(caseJson);
            var state = new List<(string, string)>();
            await using (var cmd = db.CreateCommand())
            {
                cmd.CommandText = "SELECT key, json FROM state_items WHERE instr(key, $c) > 0";
                cmd.Parameters.AddWithValue("$c", conversationId);
                await using var r = await cmd.ExecuteReaderAsync();
                while (await r.ReadAsync()) state.Add((r.GetString(0), r.GetString(1)));
            }
            var transcript = Strings(db, "SELECT json FROM transcript WHERE instr(conversation_id, $c) > 0 ORDER BY seq", conversationId);
            templates.Add(new Template(conversationId, userId, c.Number, c, state, transcript));
        }
        return templates;
    }

    private static List<string> Strings(SqliteConnection db, string sql, string conversationId)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        cmd.Parameters.AddWithValue("$c", conversationId);
        using var r = cmd.ExecuteReader();
        var list = new List<string>();
        while (r.Read()) list.Add(r.GetString(0));
        return list;
    }

    private static void Execute(SqliteConnection db, string sql)
    {
        using var cmd = db.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    /// <summary>Prepared inserts into the bot's own tables, reused for every row of a batch.</summary>
    private sealed class Inserts
    {
        private readonly SqliteCommand _case, _state, _transcript, _counter;

        public Inserts(SqliteConnection db, SqliteTransaction tx)
        {
            _case = Prepare(db, tx, """
                INSERT INTO complaint_case(number, version, conversation_id, customer_id, status, sku, created_at, updated_at, json)
                VALUES ($n, $v, $conv, $cust, $status, $sku, $created, $updated, $json)
                """, "$n", "$v", "$conv", "$cust", "$status", "$sku", "$created", "$updated", "$json");
            _state = Prepare(db, tx, "INSERT INTO state_items(key, json, etag, updated_at) VALUES ($k, $json, $etag, $at)", "$k", "$json", "$etag", "$at");
            _transcript = Prepare(db, tx, "INSERT INTO transcript(conversation_id, seq, at, json) VALUES ($c, $seq, $at, $json)", "$c", "$seq", "$at", "$json");
            _counter = Prepare(db, tx, "INSERT INTO complaint_case_counter(day, last) VALUES ($day, $last) ON CONFLICT(day) DO UPDATE SET last = max(last, excluded.last)", "$day", "$last");
        }

        /// <returns>Rows written.</returns>
        public int Conversation(Template t, int n, DateTimeOffset created, DateTimeOffset now, Random random, Dictionary<string, int> counters)
        {
            var language = t.Case.Locale.StartsWith("zh", StringComparison.Ordinal) ? "zh" : "en";
            var conversationId = $"seed-{n:D7}-{language}";
            var userId = $"seed-user-{n:D7}";
            var day = created.ToString("yyyyMMdd");
            counters[day] = counters.GetValueOrDefault(day) + 1;
            var number = CaseNumbers.Format(created, counters[day]);
            string Rewrite(string json) => json.Replace(t.ConversationId, conversationId).Replace(t.UserId, userId).Replace(t.CaseNumber, number);

            var c = CaseJson.Copy(t.Case);
            var shift = created - c.CreatedAt;
            var age = now - created;
            var product = DemoShopData.Products[random.Next(DemoShopData.Products.Count)];
            c.Number = number;
            c.ConversationId = conversationId;
            c.CustomerId = random.Next(10) < 4 ? $"seed-customer-{random.Next(25_000):D5}" : null;
            c.ProductSku = product.Sku;
            c.ProductName = language == "zh" ? product.Name : product.NameEn;
            c.CreatedAt = created;
            c.UpdatedAt += shift;
            c.FirstResponseDue += shift;
            c.ResolutionDue += shift;
            c.History = c.History.Select(h => h with { At = h.At + shift }).ToList();
            if (age > TimeSpan.FromDays(2))
            {
                var closed = age > TimeSpan.FromDays(7);
                var at = created + TimeSpan.FromDays(closed ? 3 : 1);
                c.Status = closed ? CaseStatus.Closed : CaseStatus.Resolved;
                c.History.Add(new StatusChange(c.Status, at, "agent", null));
                c.UpdatedAt = at;
                c.ClosedAt = closed ? at : null;
            }
            // Their follow-ups are past: a bench run must not start with a burst of proactive sends.
            if (c.FollowUp is not null)
            {
                c.FollowUp.State = FollowUpState.Sent;
                c.FollowUp.PendingAt = null;
            }
            Run(_case, number, c.Version, conversationId, c.CustomerId, c.Status.ToString(), c.ProductSku,
                created.ToUnixTimeMilliseconds(), c.UpdatedAt.ToUnixTimeMilliseconds(), CaseJson.Serialize(c));

            foreach (var (key, json) in t.State)
                Run(_state, Rewrite(key), Rewrite(json), Guid.NewGuid().ToString("N"), c.UpdatedAt.ToUnixTimeMilliseconds());
            var seq = 0;
            foreach (var json in t.Transcript)
            {
                seq++;
                Run(_transcript, $"webchat/{conversationId}", seq, (created + TimeSpan.FromSeconds(20 * seq)).ToUnixTimeMilliseconds(), Rewrite(json));
            }
            return 1 + t.State.Count + t.Transcript.Count;
        }

        public void Counter(string day, int last) => Run(_counter, day, last);

        private static SqliteCommand Prepare(SqliteConnection db, SqliteTransaction tx, string sql, params string[] names)
        {
            var cmd = db.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = sql;
            foreach (var name in names) cmd.Parameters.Add(new SqliteParameter { ParameterName = name });
            cmd.Prepare();
            return cmd;
        }

        private static void Run(SqliteCommand cmd, params object?[] values)
        {
            for (var i = 0; i < values.Length; i++) cmd.Parameters[i].Value = values[i] ?? DBNull.Value;
            cmd.ExecuteNonQuery();
        }
    }
}
