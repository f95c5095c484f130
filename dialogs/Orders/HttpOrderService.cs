using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace ComplaintBot.Dialogs.Orders;

/// <summary>appsettings <c>Orders:Http</c>.</summary>
public sealed class HttpOrderServiceOptions
{
    /// <summary>Base address of the shop API, e.g. https://shop.example.com/api/ (trailing slash added if missing).</summary>
    public string BaseUrl { get; set; } = "";
    /// <summary>Sent as "Authorization: Bearer …" when set.</summary>
    public string ApiKey { get; set; } = "";
    public int TimeoutSeconds { get; set; } = 5;
    public int CatalogCacheMinutes { get; set; } = 10;
}

/// <summary>
/// A real shop backend over HTTP/JSON (contract: docs/shop-backend.md): GET orders/{number},
/// customers/{id}, customers/{id}/orders?limit=N, products. 404 means "not found"; other failures throw.
/// </summary>
public sealed class HttpOrderService(HttpClient http, HttpOrderServiceOptions options, TimeProvider? clock = null) : IOrderService
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private (DateTimeOffset At, IReadOnlyList<Product> Items)? _catalog;

    /// <summary>Configures base address, timeout and auth on a client the host created (IHttpClientFactory).</summary>
    public static void Configure(HttpClient http, HttpOrderServiceOptions options)
    {
        http.BaseAddress = new Uri(options.BaseUrl.EndsWith('/') ? options.BaseUrl : options.BaseUrl + "/");
        http.Timeout = TimeSpan.FromSeconds(options.TimeoutSeconds);
        if (!string.IsNullOrEmpty(options.ApiKey))
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", options.ApiKey);
    }

    public Task<Order?> GetOrderAsync(string orderNumber, CancellationToken ct = default)
        => GetOrNullAsync<Order>($"orders/{Uri.EscapeDataString(orderNumber.Trim())}", ct);

    public Task<Customer?> GetCustomerAsync(string customerId, CancellationToken ct = default)
        => GetOrNullAsync<Customer>($"customers/{Uri.EscapeDataString(customerId)}", ct);

    public async Task<IReadOnlyList<Order>> GetRecentOrdersAsync(string customerId, int max = 5, CancellationToken ct = default)
        => await GetOrNullAsync<List<Order>>($"customers/{Uri.EscapeDataString(customerId)}/orders?limit={max}", ct) ?? [];

    public async Task<IReadOnlyList<Product>> GetCatalogAsync(CancellationToken ct = default)
    {
        var now = _clock.GetUtcNow();
        if (_catalog is { } c && now - c.At < TimeSpan.FromMinutes(options.CatalogCacheMinutes)) return c.Items;
        var items = await GetOrNullAsync<List<Product>>("products", ct) ?? [];
        _catalog = (now, items);
        return items;
    }

    private async Task<T?> GetOrNullAsync<T>(string path, CancellationToken ct) where T : class
    {
        using var response = await http.GetAsync(path, ct);
        if (response.StatusCode == HttpStatusCode.NotFound) return null;
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<T>(Json, ct)
               ?? throw new InvalidDataException($"Shop backend returned an empty body for {path}.");
    }
}
