namespace ComplaintBot.Bench;

/// <summary>
/// The scripted complaint, one story in two languages: a mug that arrived broken (demo order SO10000001), the customer
/// wants a replacement, confirms, presses the first remedy offered. Our bot and the peer ask in a different order, so
/// each gets the story in the order it asks for it, walking its whole flow to the end (check with <c>bench -- trace</c>):
/// ComplaintBot (7 turns): complaint → order number → last 4 digits of the order's phone (proves the order) → wish →
/// confirm → remedy → CSAT rating;
/// peer (6 turns): complaint (opens its waterfall) → problem → order number (digits only: its validator wants 6–20 digits) → wish → confirm → remedy.
/// </summary>
public sealed record ComplaintScript(string Language, string Locale, IReadOnlyList<ScriptStep> Steps)
{
    public static readonly string[] Languages = ["en", "zh"];

    public static ComplaintScript ForComplaintBot(string language) => language switch
    {
        "en" => new("en", "en-US",
        [
            ScriptStep.Say("The mug I ordered arrived broken, the box was crushed."),
            ScriptStep.Say("The order number is SO10000001"),
            ScriptStep.Say("5678"), // the last 4 digits of the order's phone: the customer proves the order (issue 13.10)
            ScriptStep.Say("I would like a replacement please"),
            ScriptStep.Pick("yes"),
            ScriptStep.Pick("replacement"),
            ScriptStep.Say("5"),
        ]),
        "zh" => new("zh", "zh-CN",
        [
            ScriptStep.Say("我买的杯子到了是碎的，盒子都压扁了。"),
            ScriptStep.Say("订单号是SO10000001"),
            ScriptStep.Say("尾号5678"),
            ScriptStep.Say("我想换一个新的"),
            ScriptStep.Pick("是的"),
            ScriptStep.Pick("换货"),
            ScriptStep.Say("5"),
        ]),
        _ => throw new ArgumentException($"unknown language {language} (en or zh)"),
    };

    public static ComplaintScript ForPeer(string language) => language switch
    {
        "en" => new("en", "en-US",
        [
            ScriptStep.Say("The mug I ordered arrived broken, the box was crushed."),
            ScriptStep.Say("The mug is broken and the box was crushed"),
            ScriptStep.Say("The order number is 10000001"),
            ScriptStep.Say("I would like a replacement please"),
            ScriptStep.Pick("yes"),
            ScriptStep.Pick("Replacement"),
        ]),
        "zh" => new("zh", "zh-CN",
        [
            ScriptStep.Say("我买的杯子到了是碎的，盒子都压扁了。"),
            ScriptStep.Say("杯子碎了，盒子也压扁了"),
            ScriptStep.Say("订单号 10000001"),
            ScriptStep.Say("我想换一个新的"),
            ScriptStep.Pick("是的"),
            ScriptStep.Pick("Replacement"),
        ]),
        _ => throw new ArgumentException($"unknown language {language} (en or zh)"),
    };
}
