using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ComplaintBot.Tests.Support;

/// <summary>
/// Headless Debian Chromium (never a downloaded browser) driven by Playwright, plus the bot on a real port with a
/// temp data dir. Derive to change settings or services (e.g. a scripted bot); use with <c>[ChromiumFact]</c> tests.
/// Each <see cref="NewPageAsync"/> gets a fresh browser context (own sessionStorage) and records page errors and
/// console errors, which <see cref="BrowserPage.AssertNoErrors"/> fails on.
/// </summary>
public class BrowserFixture : IAsyncLifetime
{
    public static readonly string[] ChromiumArgs =
        { "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync" };

    public IPlaywright Playwright { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public BotServer Server { get; private set; } = null!;

    /// <summary>Settings over appsettings.json for the bot under test.</summary>
    protected virtual IDictionary<string, string?> Settings() => new Dictionary<string, string?>();

    /// <summary>Runs after the app's registrations (so it may replace services).</summary>
    protected virtual void ConfigureServices(IServiceCollection services) { }

    public async Task InitializeAsync()
    {
        Server = BotServer.Start(Settings(), ConfigureServices);
        // Outside CI a missing Chromium skips the tests ([ChromiumFact]); don't fail the fixture for them.
        if (!TestEnvironment.HasChromium && !TestEnvironment.IsCi) return;
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = TestEnvironment.ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    public async Task<BrowserPage> NewPageAsync(BrowserNewContextOptions? options = null)
    {
        var context = await Browser.NewContextAsync(options ?? new BrowserNewContextOptions { BaseURL = Server.BaseAddress.ToString() });
        var page = await context.NewPageAsync();
        return new BrowserPage(context, page);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        Playwright?.Dispose();
        await Server.DisposeAsync();
    }
}

/// <summary>A page in its own browser context, with what went wrong on it.</summary>
public sealed class BrowserPage : IAsyncDisposable
{
    private readonly List<string> _pageErrors = new();
    private readonly List<string> _consoleErrors = new();
    private readonly List<string> _failedRequests = new();

    /// <summary>Requests that never got a response (network errors, blocked, aborted): for diagnostics.</summary>
    public IReadOnlyList<string> FailedRequests { get { lock (_consoleErrors) return _failedRequests.ToList(); } }

    /// <summary>Everything recorded so far, for a failing test's message.</summary>
    public string Diagnostics() => string.Join(Environment.NewLine,
        PageErrors.Select(e => "page error: " + e).Concat(ConsoleErrors.Select(e => "console: " + e)).Concat(FailedRequests.Select(e => "request: " + e)));

    public IBrowserContext Context { get; }
    public IPage Page { get; }
    public IReadOnlyList<string> PageErrors { get { lock (_pageErrors) return _pageErrors.ToList(); } }
    public IReadOnlyList<string> ConsoleErrors { get { lock (_consoleErrors) return _consoleErrors.ToList(); } }

    public BrowserPage(IBrowserContext context, IPage page)
    {
        Context = context;
        Page = page;
        page.PageError += (_, e) => { lock (_pageErrors) _pageErrors.Add(e); };
        page.Console += (_, m) =>
        {
            if (m.Type == "error") lock (_consoleErrors) _consoleErrors.Add($"{m.Text} ({m.Location})");
        };
        page.RequestFailed += (_, r) => { lock (_consoleErrors) _failedRequests.Add($"{r.Method} {r.Url}: {r.Failure}"); };
    }

    public void AssertNoErrors()
    {
        Assert.True(PageErrors.Count == 0, "page errors: " + string.Join(" | ", PageErrors));
        Assert.True(ConsoleErrors.Count == 0, "console errors: " + string.Join(" | ", ConsoleErrors));
    }

    public async ValueTask DisposeAsync() => await Context.CloseAsync();
}

/// <summary>Full-page screenshots of browser tests, kept under tests/TestResults/screenshots for a person to look at.</summary>
public static class Screenshots
{
    private static readonly Lazy<string> Dir = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "ComplaintBot.Tests.csproj"))) dir = dir.Parent;
        var path = Path.Combine(dir?.FullName ?? AppContext.BaseDirectory, "TestResults", "screenshots");
        Directory.CreateDirectory(path);
        return path;
    });

    public static Task SaveAsync(IPage page, string name)
        => page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Dir.Value, name + ".png"), FullPage = true });
}
