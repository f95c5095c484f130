using System.Text.RegularExpressions;
using ComplaintBot.Dialogs.Sentiment;
using ComplaintBot.Dialogs.Text;
using Microsoft.Extensions.AI;
using Polly;

namespace ComplaintBot.Bot.Sentiment;

/// <summary>
/// Optional empathetic rewrite of template replies by a language model (`sentiment.phrase` prompt). The template
/// text wins whenever the rewrite is risky: the promise guard objects, a number or id from the template is
/// missing, the rewrite is empty or much longer, or the model fails or times out.
/// </summary>
public sealed partial class LlmReplyPhraser(
    IChatClient chat, PromptLibrary prompts, PromiseGuard guard, ResiliencePipeline pipeline, ILogger<LlmReplyPhraser> log) : IReplyPhraser
{
    public async ValueTask<string> PhraseAsync(string templateText, ReplyPhrasingContext context, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(templateText)) return templateText;
        try
        {
            var mood = context.Mood switch
            {
                { Anger: >= 0.5 } => "angry",
                { Label: SentimentLabel.Negative or SentimentLabel.Mixed } => "upset",
                _ => "calm",
            };
            var system = prompts.Render(context.Locale, "sentiment.phrase", new { mood });
            var rewrite = await pipeline.ExecuteAsync(async token =>
            {
                var r = await chat.GetResponseAsync(
                    [new ChatMessage(ChatRole.System, system), new ChatMessage(ChatRole.User, templateText)],
                    new ChatOptions { Temperature = 0.3f, MaxOutputTokens = 400 }, token);
                return r.Text?.Trim();
            }, ct);
            var problem = Check(templateText, rewrite);
            if (problem is null) return rewrite!;
            log.LogInformation("Phrased reply rejected ({Problem}); sending the template text", problem);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested) { throw; }
        catch (Exception ex)
        {
            log.LogWarning(ex, "Reply phraser failed; sending the template text");
        }
        return templateText;
    }

    /// <summary>Why a rewrite may not replace the template, or null when it may.</summary>
    internal string? Check(string template, string? rewrite)
    {
        if (string.IsNullOrWhiteSpace(rewrite)) return "empty";
        if (rewrite.Length > template.Length * 2 + 40) return "too long";
        var violations = guard.Check(rewrite).Where(v => guard.Check(template).All(t => t.Phrase != v.Phrase)).ToList();
        if (violations.Count > 0) return "promise guard: " + string.Join(", ", violations.Select(v => v.Phrase));
        foreach (Match m in Facts().Matches(template))
            if (!rewrite.Contains(m.Value, StringComparison.Ordinal)) return $"lost '{m.Value}'";
        return null;
    }

    /// <summary>Numbers and ids (C20261124-0001, 30, 20.5) that must survive a rewrite unchanged.</summary>
    [GeneratedRegex(@"[A-Za-z]*\d[\w\-./:]*")]
    private static partial Regex Facts();
}
