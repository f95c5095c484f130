namespace ComplaintBot.Dialogs.Sentiment;

/// <summary>
/// Optional rewrite of a rendered template into a warmer reply that fits the customer's mood. The template text is
/// the contract: a phraser must keep its facts (numbers, case ids, deadlines) and may return it unchanged.
/// The default <see cref="TemplateReplyPhraser"/> does exactly that, so replies stay deterministic unless
/// `Sentiment:PhraseReplies` turns the language-model phraser on.
/// </summary>
public interface IReplyPhraser
{
    ValueTask<string> PhraseAsync(string templateText, ReplyPhrasingContext context, CancellationToken ct = default);
}

/// <param name="Locale">zh-CN / en-US: the language the reply must stay in.</param>
/// <param name="Mood">The latest analysis of the customer's message, when known.</param>
/// <param name="CustomerMessage">What the customer just said (context only, never quoted back verbatim).</param>
public sealed record ReplyPhrasingContext(string Locale, SentimentResult? Mood = null, string? CustomerMessage = null);

/// <summary>The default: the template text, unchanged.</summary>
public sealed class TemplateReplyPhraser : IReplyPhraser
{
    public ValueTask<string> PhraseAsync(string templateText, ReplyPhrasingContext context, CancellationToken ct = default)
        => ValueTask.FromResult(templateText);
}
