using System.Text.Json;
using ComplaintBot.Dialogs.Sentiment;
using ComplaintBot.Dialogs.Text;
using Microsoft.Extensions.AI;

namespace ComplaintBot.Bot.Sentiment;

/// <summary>
/// A language model (any <see cref="IChatClient"/>) rates the message with the `sentiment.analyze` prompt and
/// answers in JSON. The answer is validated strictly — a missing field, a label outside the set or a number
/// outside 0..1 throws <see cref="InvalidDataException"/>, which the fallback turns into a lexicon result.
/// Threat/safety/human cues from the lexicon are kept as a floor: the model can add them, never remove them.
/// </summary>
public sealed class LlmSentimentAnalyzer(IChatClient chat, PromptLibrary prompts, LexiconSentimentAnalyzer lexicon) : ISentimentAnalyzer
{
    public const string ProviderName = "llm";
    public string Name => ProviderName;

    public async ValueTask<SentimentResult> AnalyzeAsync(string text, string? locale, CancellationToken ct = default)
    {
        var loc = LocaleResolver.Resolve(locale, text, prompts.DefaultLocale);
        var system = prompts.Render(loc, "sentiment.analyze");
        var response = await chat.GetResponseAsync(
            [new ChatMessage(ChatRole.System, system), new ChatMessage(ChatRole.User, text)],
            new ChatOptions { Temperature = 0, MaxOutputTokens = 300, ResponseFormat = ChatResponseFormat.Json }, ct);
        return Parse(response.Text, lexicon.Analyze(text));
    }

    internal static SentimentResult Parse(string? answer, SentimentResult lex)
    {
        var json = ExtractObject(answer) ?? throw new InvalidDataException("the model did not answer with a JSON object");
        JsonElement root;
        try { root = JsonDocument.Parse(json).RootElement; }
        catch (JsonException ex) { throw new InvalidDataException($"the model's JSON does not parse: {ex.Message}", ex); }
        var label = Str(root, "label").ToLowerInvariant() switch
        {
            "positive" => SentimentLabel.Positive,
            "neutral" => SentimentLabel.Neutral,
            "negative" => SentimentLabel.Negative,
            "mixed" => SentimentLabel.Mixed,
            var other => throw new InvalidDataException($"label '{other}' is not positive/neutral/negative/mixed"),
        };
        double pos = Num(root, "positive"), neu = Num(root, "neutral"), neg = Num(root, "negative"), anger = Num(root, "anger");
        var sum = pos + neu + neg;
        if (sum < 0.5 || sum > 1.5) throw new InvalidDataException($"scores add up to {sum:0.00}, not 1");
        var cues = lex.Cues.ToList();
        if (Flag(root, "threat") && !lex.HasThreat) cues.Add(new SentimentCue(CueKind.Threat, "llm", 1));
        if (Flag(root, "safety") && !lex.HasSafetyIssue) cues.Add(new SentimentCue(CueKind.Safety, "llm", 1));
        if (Flag(root, "human_request") && !lex.AsksForHuman) cues.Add(new SentimentCue(CueKind.HumanRequest, "llm", 1));
        if (root.TryGetProperty("reasons", out var reasons) && reasons.ValueKind == JsonValueKind.Array)
            foreach (var r in reasons.EnumerateArray().Take(3))
                if (r.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(r.GetString()))
                    cues.Add(new SentimentCue(anger >= 0.5 ? CueKind.Anger : label == SentimentLabel.Positive ? CueKind.Positive : CueKind.Negative, r.GetString()!, anger));
        return new SentimentResult(label, pos / sum, neu / sum, neg / sum, Math.Round(anger, 4), cues, ProviderName);
    }

    /// <summary>Models sometimes wrap JSON in a code fence or a sentence; take the outermost object.</summary>
    private static string? ExtractObject(string? s)
    {
        if (string.IsNullOrWhiteSpace(s)) return null;
        int start = s.IndexOf('{'), end = s.LastIndexOf('}');
        return start >= 0 && end > start ? s[start..(end + 1)] : null;
    }

    private static string Str(JsonElement root, string name)
        => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new InvalidDataException($"'{name}' is missing");

    private static double Num(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.Number) throw new InvalidDataException($"'{name}' is missing or not a number");
        var d = v.GetDouble();
        return d is >= 0 and <= 1 ? d : throw new InvalidDataException($"'{name}' = {d} is outside 0..1");
    }

    private static bool Flag(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var v)) throw new InvalidDataException($"'{name}' is missing");
        return v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new InvalidDataException($"'{name}' is not true/false"),
        };
    }
}
