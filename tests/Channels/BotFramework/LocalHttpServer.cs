using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ComplaintBot.Tests.Channels.BotFramework;

/// <summary>A real Kestrel server on 127.0.0.1 with a free port: plays a channel's connector or a metadata endpoint.</summary>
public sealed class LocalHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    public sealed record Received(string Method, string Path, string? Authorization, string Body);

    public ConcurrentQueue<Received> Requests { get; } = new();

    /// <summary>Answers each request; the default says 200 with a resource id.</summary>
    public Func<HttpContext, Received, Task<IResult>> Respond { get; set; } =
        (_, _) => Task.FromResult(Results.Json(new { id = Guid.NewGuid().ToString("N") }));

    public string BaseUrl { get; private set; } = "";

    private LocalHttpServer(WebApplication app) => _app = app;

    public static async Task<LocalHttpServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new LocalHttpServer(app);
        app.Run(async http =>
        {
            using var reader = new StreamReader(http.Request.Body);
            // The raw target, as sent: escaping of ids in the path is part of what tests check.
            var target = http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()!.RawTarget;
            var received = new Received(http.Request.Method, target,
                http.Request.Headers.Authorization.FirstOrDefault(), await reader.ReadToEndAsync());
            server.Requests.Enqueue(received);
            var result = await server.Respond(http, received);
            await result.ExecuteAsync(http);
        });
        await app.StartAsync();
        server.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
