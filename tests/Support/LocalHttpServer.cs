using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ComplaintBot.Tests.Support;

/// <summary>
/// A real Kestrel server on 127.0.0.1 with a free port that plays someone else's service (a channel's connector, a
/// metadata endpoint, a language service, a shop backend). Every request is recorded in <see cref="Requests"/>;
/// it is answered by the routes given to <see cref="StartAsync"/> when one matches, else by <see cref="Respond"/>.
/// </summary>
public sealed class LocalHttpServer : IAsyncDisposable
{
    private const string ReceivedKey = "LocalHttpServer.Received";
    private readonly WebApplication _app;

    public sealed record Received(string Method, string Path, string? Authorization, string Body);

    public ConcurrentQueue<Received> Requests { get; } = new();

    /// <summary>Answers each request no route matched; the default says 200 with a resource id.</summary>
    public Func<HttpContext, Received, Task<IResult>> Respond { get; set; } =
        (_, _) => Task.FromResult(Results.Json(new { id = Guid.NewGuid().ToString("N") }));

    public string BaseUrl { get; private set; } = "";

    private LocalHttpServer(WebApplication app) => _app = app;

    /// <param name="routes">Optional endpoints (<c>app.MapGet(...)</c>) for a service with a real route table.</param>
    public static async Task<LocalHttpServer> StartAsync(Action<IEndpointRouteBuilder>? routes = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new LocalHttpServer(app);
        app.Use(async (http, next) =>
        {
            // Kept readable for a route that reads the body too.
            http.Request.EnableBuffering();
            using (var reader = new StreamReader(http.Request.Body, leaveOpen: true))
            {
                // The raw target, as sent: escaping of ids in the path is part of what tests check.
                var target = http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestFeature>()!.RawTarget;
                var received = new Received(http.Request.Method, target,
                    http.Request.Headers.Authorization.FirstOrDefault(), await reader.ReadToEndAsync());
                http.Request.Body.Position = 0;
                server.Requests.Enqueue(received);
                http.Items[ReceivedKey] = received;
            }
            if (http.GetEndpoint() is not null)
            {
                await next(http);
                return;
            }
            var result = await server.Respond(http, (Received)http.Items[ReceivedKey]!);
            await result.ExecuteAsync(http);
        });
        routes?.Invoke(app);
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
