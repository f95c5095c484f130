using System.Net;
using System.Net.Http.Headers;
using ComplaintBot.Bot.Channels.DirectLine;
using ComplaintBot.Dialogs.State;
using ComplaintBot.Tests.Complaints;
using ComplaintBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ComplaintBot.Tests.Channels.DirectLine;

/// <summary>Retention of uploaded files: real uploads over HTTP, a clock the test moves, the cleanup the host runs.</summary>
public sealed class DirectLineAttachmentCleanupTests : IAsyncLifetime
{
    private static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 10, 1, 10, 0, 0, TimeSpan.Zero));
    private BotServer _server = null!;
    private HttpClient _http = null!;

    public Task InitializeAsync()
    {
        var settings = DirectLineTestServer.Settings();
        settings["DirectLine:AttachmentRetention"] = "30.00:00:00";
        // The background pass first runs one (real) day after start: the test runs the passes itself.
        settings["DirectLine:AttachmentCleanupInterval"] = "1.00:00:00";
        _server = BotServer.Start(settings, s =>
        {
            DirectLineTestServer.TestServices(s);
            s.AddSingleton<TimeProvider>(_clock);
        });
        _http = _server.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    /// <summary>A new conversation with one uploaded photo; returns the secret-authorised download path.</summary>
    private async Task<string> UploadPhotoAsync()
    {
        var (id, token, _) = await _http.StartAsync();
        var content = new ByteArrayContent(Png);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        var req = new HttpRequestMessage(HttpMethod.Post, $"v3/directline/conversations/{id}/upload?userId=dl_x") { Content = content };
        req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await _http.SendAsync(req)).StatusCode);
        var (activities, _) = await _http.GetActivitiesAsync(id, token);
        var url = activities.Select(a => a!["attachments"]?[0]?["contentUrl"]?.GetValue<string>()).Single(u => u is not null)!;
        return new Uri(url).AbsolutePath.TrimStart('/');
    }

    private async Task<HttpStatusCode> DownloadAsync(string path)
    {
        var req = new HttpRequestMessage(HttpMethod.Get, path);
        req.Headers.Authorization = new AuthenticationHeaderValue("Bearer", DirectLineTestServer.Secret);
        return (await _http.SendAsync(req)).StatusCode;
    }

    [Fact]
    public async Task Uploads_older_than_the_retention_are_deleted_and_newer_ones_kept()
    {
        var cleanup = _server.Services.GetRequiredService<DirectLineAttachmentCleanup>();
        var old = await UploadPhotoAsync();
        _clock.Advance(TimeSpan.FromDays(20));
        var recent = await UploadPhotoAsync();

        // 20 days on: both are within 30 days.
        Assert.Equal(0, await cleanup.RunOnceAsync());
        Assert.Equal(HttpStatusCode.OK, await DownloadAsync(old));

        // 32 days after the first upload: its whole day lies beyond the retention, the second is 12 days old.
        _clock.Advance(TimeSpan.FromDays(12));
        Assert.Equal(1, await cleanup.RunOnceAsync());
        Assert.Equal(HttpStatusCode.NotFound, await DownloadAsync(old));
        Assert.Equal(HttpStatusCode.OK, await DownloadAsync(recent));

        // Nothing more is due; a second pass deletes nothing.
        Assert.Equal(0, await cleanup.RunOnceAsync());

        _clock.Advance(TimeSpan.FromDays(30));
        Assert.Equal(1, await cleanup.RunOnceAsync());
        Assert.Equal(HttpStatusCode.NotFound, await DownloadAsync(recent));
    }

    /// <summary>What the code before day notes left behind: the upload is stored, its day has no note of it.</summary>
    private async Task<string> UploadPhotoWithoutDayNoteAsync()
    {
        var path = await UploadPhotoAsync();
        var day = DateOnly.FromDateTime(_clock.GetUtcNow().UtcDateTime);
        await _server.Services.GetRequiredService<IStorage>().DeleteAsync([$"directline/uploads/{day:yyyy-MM-dd}"]);
        return path;
    }

    [Fact]
    public async Task Uploads_stored_before_they_were_noted_by_day_are_deleted_after_the_retention_too()
    {
        var cleanup = _server.Services.GetRequiredService<DirectLineAttachmentCleanup>();
        var conversations = _server.Services.GetRequiredService<DirectLineConversations>();
        var legacyOld = await UploadPhotoWithoutDayNoteAsync();   // 1 Oct
        _clock.Advance(TimeSpan.FromDays(20));
        var legacyRecent = await UploadPhotoWithoutDayNoteAsync(); // 21 Oct
        var noted = await UploadPhotoAsync();                      // 21 Oct, noted as uploads are now
        // An earlier version's cleanup already went past 1 Oct, so no day-by-day pass will look at that day again.
        await conversations.SetCleanedThroughAsync(new DateOnly(2026, 10, 5), default);

        // 2 Nov: the 1 Oct upload is past 30 days and goes although no day lists it; the 21 Oct ones stay.
        _clock.Advance(TimeSpan.FromDays(12));
        Assert.Equal(1, await cleanup.RunOnceAsync());
        Assert.Equal(HttpStatusCode.NotFound, await DownloadAsync(legacyOld));
        Assert.Equal(HttpStatusCode.OK, await DownloadAsync(legacyRecent));
        Assert.Equal(HttpStatusCode.OK, await DownloadAsync(noted));
        Assert.Equal(0, await cleanup.RunOnceAsync());

        // 2 Dec: the unnoted 21 Oct upload was noted under its day by the first pass and goes with the other one.
        _clock.Advance(TimeSpan.FromDays(30));
        Assert.Equal(2, await cleanup.RunOnceAsync());
        Assert.Equal(HttpStatusCode.NotFound, await DownloadAsync(legacyRecent));
        Assert.Equal(HttpStatusCode.NotFound, await DownloadAsync(noted));
    }
}
