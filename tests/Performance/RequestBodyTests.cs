using System.Text;
using ComplaintBot.Bot.Channels.BotFramework;
using Microsoft.AspNetCore.Http;

namespace ComplaintBot.Tests.Performance;

/// <summary>
/// /api/messages reads every activity into a buffer before parsing it. Counted (not timed): the bytes a warm read
/// allocates on this thread, whatever the buffer's size, and that the bytes read are the body's.
/// </summary>
[Collection(nameof(AllocationCounting))]
public sealed class RequestBodyTests
{
    private static HttpRequest Request(byte[] body, bool withLength)
    {
        var http = new DefaultHttpContext();
        http.Request.Body = new MemoryStream(body);
        if (withLength) http.Request.ContentLength = body.Length;
        return http.Request;
    }

    private static byte[] Body(int size) => Encoding.UTF8.GetBytes(new string('a', size));

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_warm_body_read_reuses_pooled_buffers_instead_of_allocating_one_per_request(bool withLength)
    {
        var body = Body(3000);
        for (var i = 0; i < 3; i++) (await RequestBody.ReadAsync(Request(body, withLength), 256 * 1024, default))!.Value.Dispose();

        var requests = Enumerable.Range(0, 20).Select(_ => Request(body, withLength)).ToList();
        var before = GC.GetAllocatedBytesForCurrentThread();
        foreach (var request in requests)
        {
            using var read = (await RequestBody.ReadAsync(request, 256 * 1024, default))!.Value;
            Assert.Equal(body.Length, read.Span.Length);
        }
        var perRead = (GC.GetAllocatedBytesForCurrentThread() - before) / requests.Count;

        // The body alone is 3,000 bytes: a read that allocated its buffer would be at least that.
        Assert.True(perRead < 1000, $"{perRead} bytes allocated per read");
    }

    [Theory]
    [InlineData(10, true)]
    [InlineData(10, false)]
    [InlineData(70_000, false)] // grows past the first rented buffer
    [InlineData(100_000, true)]
    public async Task The_bytes_read_are_the_bodys(int size, bool withLength)
    {
        var body = Enumerable.Range(0, size).Select(i => (byte)(i * 7)).ToArray();

        using var read = (await RequestBody.ReadAsync(Request(body, withLength), 256 * 1024, default))!.Value;

        Assert.True(read.Span.SequenceEqual(body));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_body_one_byte_over_the_limit_is_refused(bool withLength)
    {
        Assert.Null(await RequestBody.ReadAsync(Request(Body(1001), withLength), 1000, default));
        using var atLimit = (await RequestBody.ReadAsync(Request(Body(1000), withLength), 1000, default))!.Value;
        Assert.Equal(1000, atLimit.Span.Length);
    }
}
