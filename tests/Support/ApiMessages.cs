using System.Net;
using System.Text;
using System.Text.Json;
using ComplaintBot.Dialogs.Schema;

namespace ComplaintBot.Tests.Support;

/// <summary>A customer message over <c>/api/messages</c> with expectReplies, and its message replies.</summary>
internal static class ApiMessages
{
    public static Activity Message(string conversationId, string text, bool expectReplies = true) => new()
    {
        Type = ActivityTypes.Message,
        Id = "act-" + Guid.NewGuid().ToString("N")[..12],
        ChannelId = "webchat",
        ServiceUrl = "http://127.0.0.1:9/",
        Conversation = new ConversationAccount { Id = conversationId },
        From = new ChannelAccount { Id = "user-" + conversationId, Name = "Customer" },
        Recipient = new ChannelAccount { Id = "bot-1", Name = "ComplaintBot" },
        Text = text,
        Locale = "en-US",
        DeliveryMode = expectReplies ? DeliveryModes.ExpectReplies : null,
    };

    public static async Task<List<Activity>> SendAsync(HttpClient http, Activity activity)
    {
        using var content = new StringContent(ActivityJson.Serialize(activity), Encoding.UTF8, "application/json");
        var response = await http.PostAsync("/api/messages", content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<ExpectedReplies>(body, ActivityJson.Options)!.Activities
            .Where(a => a.Type == ActivityTypes.Message).ToList();
    }
}
