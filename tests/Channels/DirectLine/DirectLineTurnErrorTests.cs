using System.Text.Json;
using ComplaintBot.Bot.Channels;
using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Orders;
using ComplaintBot.Tests.Agents;
using ComplaintBot.Tests.Complaints;
using ComplaintBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ComplaintBot.Tests.Channels.DirectLine;

/// <summary>
/// A dialog step that throws, over the storefront's Direct Line with the real complaint flow: the shop backend fails
/// while the order is being checked. The customer must be told, nothing they wrote may be lost, and the next message
/// must pick the flow up where it stood.
/// </summary>
public sealed class DirectLineTurnErrorTests : IAsyncLifetime
{
    private BotServer _server = null!;
    private FailingOrders _orders = null!;

    /// <summary>The real order service, failing on demand (the shop backend is the part we can't make fail for real).</summary>
    private sealed class FailingOrders(IOrderService inner) : IOrderService
    {
        public volatile bool Broken;

        private IOrderService Inner => Broken ? throw new InvalidOperationException("the shop backend broke") : inner;
        public Task<Order?> GetOrderAsync(string orderNumber, CancellationToken ct = default) => Inner.GetOrderAsync(orderNumber, ct);
        public Task<Customer?> GetCustomerAsync(string customerId, CancellationToken ct = default) => Inner.GetCustomerAsync(customerId, ct);
        public Task<IReadOnlyList<Order>> GetRecentOrdersAsync(string customerId, int max = 5, CancellationToken ct = default) => Inner.GetRecentOrdersAsync(customerId, max, ct);
        public Task<IReadOnlyList<Product>> GetCatalogAsync(CancellationToken ct = default) => Inner.GetCatalogAsync(ct);
    }

    public Task InitializeAsync()
    {
        _server = BotServer.Start(new Dictionary<string, string?>
        {
            ["ServiceHours:Open"] = "00:00",
            ["ServiceHours:Close"] = "23:59:59",
        }, services =>
        {
            var real = services.Last(d => d.ServiceType == typeof(IOrderService));
            services.Remove(real);
            services.AddSingleton(sp => new FailingOrders((IOrderService)real.ImplementationFactory!(sp)));
            services.AddSingleton<IOrderService>(sp => sp.GetRequiredService<FailingOrders>());
        });
        _orders = _server.Services.GetRequiredService<FailingOrders>();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static List<string> Texts(IEnumerable<JsonElement> activities)
        => activities.Select(a => a.TryGetProperty("text", out var t) ? t.GetString() ?? "" : "").ToList();

    [Theory]
    [InlineData("en-US", "My order SO10000001 arrived damaged, the mug is broken, I want a refund", "yes")]
    [InlineData("zh-CN", "订单SO10000001的杯子收到就碎了，我要退款", "对")]
    public async Task A_step_that_throws_apologises_keeps_the_message_and_the_next_message_resumes_the_flow(string locale, string complaint, string yes)
    {
        var http = _server.CreateClient();
        var customer = await DirectLineHandoffTests.Customer.StartAsync(http);
        await customer.SayAsync(complaint, locale);
        Assert.Contains(RepoPaths.Prompts.Render(locale, "identity.ask", new { orderNumber = "SO10000001" }), Texts(await customer.NewRepliesAsync()));
        var proof = Complaints.ComplaintHarness.Last4("SO10000001"); // the order's phone, last 4 digits (issue 13.10)
        await customer.SayAsync(proof, locale);
        var restatement = Texts(await customer.NewRepliesAsync()).Last();
        Assert.Contains("SO10000001", restatement);

        _orders.Broken = true;
        await customer.SayAsync(yes, locale);
        Assert.Equal([RepoPaths.Prompts.Render(locale, TurnErrorApology.Prompt)], Texts(await customer.NewRepliesAsync()));

        _orders.Broken = false;
        await customer.SayAsync(yes, locale);
        var resumed = Texts(await customer.NewRepliesAsync());
        Assert.True(resumed.Count >= 2, string.Join(" | ", resumed)); // the order check, then the remedies
        Assert.DoesNotContain(RepoPaths.Prompts.Render(locale, TurnErrorApology.Prompt), resumed);

        // Everything the customer wrote is in the transcript, and the failed turn left one case, not two.
        var transcript = await _server.Services.GetRequiredService<Dialogs.State.ITranscriptStore>().ReadAsync(ComplaintBot.Bot.Channels.DirectLine.DirectLineAdapter.TranscriptKey(customer.ConversationId));
        Assert.Equal([complaint, proof, yes, yes], transcript.Where(e => e.Activity.From?.Id?.StartsWith("dl_") == true && e.Activity.Type == "message").Select(e => e.Activity.Text));
        var cases = await _server.Services.GetRequiredService<ICaseStore>().QueryAsync(new CaseQuery(ConversationId: customer.ConversationId));
        Assert.Equal(CaseStatus.Proposed, Assert.Single(cases).Status); // the restatement was confirmed and remedies offered
    }
}
