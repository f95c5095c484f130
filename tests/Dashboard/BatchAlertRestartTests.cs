using ComplaintBot.Bot.Dashboard;
using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ComplaintBot.Tests.Dashboard;

public sealed class BatchAlertRestartTests
{
    [Fact]
    public async Task A_recorded_alert_survives_a_restart_and_is_not_raised_again()
    {
        var dir = Directory.CreateTempSubdirectory("complaintbot-alerts-").FullName;
        var settings = new Dictionary<string, string?>
        {
            ["Dashboard:BatchAlert:Enabled"] = "false", // the test runs the check itself
            ["Dashboard:BatchAlert:Threshold"] = "2",
        };
        try
        {
            await using (var first = BotServer.Start(settings, dataDir: dir))
            {
                var cases = first.Services.GetRequiredService<ICaseStore>();
                var alerts = first.Services.GetRequiredService<BatchAlertService>();
                Assert.Equal(2, alerts.Threshold);
                await cases.CreateAsync(new Case { ConversationId = "lamp-1", ProductSku = "SKU-LAMP" });
                await cases.CreateAsync(new Case { ConversationId = "lamp-2", ProductSku = "SKU-LAMP" });
                Assert.Equal("SKU-LAMP", Assert.Single(await alerts.CheckAsync()).Key);
            }

            await using (var second = BotServer.Start(settings, dataDir: dir))
            {
                var alerts = second.Services.GetRequiredService<BatchAlertService>();
                Assert.Empty(await alerts.CheckAsync());
                var recorded = Assert.Single(await alerts.ListAsync());
                Assert.Equal(("SKU-LAMP", 2, 24.0), (recorded.Key, recorded.Count, recorded.WindowHours));
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(dir, true); } catch (IOException) { }
        }
    }

    [Fact]
    public async Task Without_its_own_threshold_the_alert_uses_the_policy_batch_threshold()
    {
        await using var server = BotServer.Start();
        var alerts = server.Services.GetRequiredService<BatchAlertService>();
        var policy = server.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Dialogs.Policy.PolicyOptions>>().Value;
        Assert.Equal(policy.BatchThreshold, alerts.Threshold);
        Assert.Equal(3, alerts.Threshold);
    }
}
