using System.Diagnostics;
using System.Globalization;
using ComplaintBot.Dialogs.Sentiment;

// Lexicon and learned-model throughput on one thread (= one core): `dotnet run -c Release --project bench/SentimentBench [-- seconds]`.
// Messages are short complaint-chat lines written for this benchmark (zh and en, calm to furious).
string[] messages =
[
    "你好，我的订单什么时候发货？",
    "快递三天了还没到，能帮我查一下吗",
    "收到的杯子碎了，包装也破损了",
    "你们这些骗子，卖假货！！！",
    "退款都一个星期了还没到账，太慢了",
    "客服态度太差了，我要投诉到12315",
    "东西不错，物流也很快，谢谢",
    "充电器用了两天就冒烟了，差点起火",
    "转人工，我不想跟机器人说话",
    "颜色和图片不一样，有点失望",
    "质量还可以，就是价格偏贵",
    "气死我了，说好的今天送到呢？",
    "孩子用了以后皮肤过敏了，怎么处理",
    "能不能换一个新的给我",
    "已经催了好几次了，到底什么时候处理",
    "Hi, where is my parcel? It was due yesterday.",
    "The blender arrived broken and the box was crushed.",
    "This is ridiculous, I've been waiting two weeks for my refund!",
    "Thanks, that was quick and really helpful.",
    "I want to speak to a real person, not a bot.",
    "If this isn't fixed today I'm filing a chargeback and calling my lawyer.",
    "The charger caught fire last night. My kid could have been hurt.",
    "WHY IS NOBODY ANSWERING MY EMAILS",
    "Not great, not terrible. The size is a bit small.",
    "You sent me the wrong item again. Unbelievable.",
    "Can I change the delivery address please?",
    "Absolutely love it, five stars!",
    "The quality is poor and customer service ignored me.",
];
var seconds = args.Length > 0 ? double.Parse(args[0], CultureInfo.InvariantCulture) : 5;
var totalChars = messages.Sum(m => m.Length);
var lexicon = new LexiconSentimentAnalyzer();
var loading = Stopwatch.StartNew();
var model = SentimentModel.Default;
Console.WriteLine(FormattableString.Invariant($"default model loaded in {loading.Elapsed.TotalMilliseconds:0} ms ({model.Heads.Count} heads)"));
// The lexicon alone and the default learned model (which runs the lexicon too, for its cues and stacked scores).
foreach (var (name, analyze) in new (string, Func<string, SentimentResult>)[]
         { ("lexicon", lexicon.Analyze), ("model", new ModelSentimentAnalyzer(model, lexicon).Analyze) })
{
    // Warm up past tiered compilation.
    var sink = 0.0;
    for (var i = 0; i < 200_000; i++) sink += analyze(messages[i % messages.Length]).Anger;

    var process = Process.GetCurrentProcess();
    var cpuBefore = process.TotalProcessorTime;
    var sw = Stopwatch.StartNew();
    long n = 0;
    var deadline = TimeSpan.FromSeconds(seconds);
    while (sw.Elapsed < deadline)
    {
        for (var i = 0; i < 10_000; i++) sink += analyze(messages[(int)((n + i) % messages.Length)]).Anger;
        n += 10_000;
    }
    sw.Stop();
    process.Refresh();
    var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
    Console.WriteLine(FormattableString.Invariant(
        $"sentiment {name}: {n} messages ({totalChars / (double)messages.Length:0} chars avg) in {sw.Elapsed.TotalSeconds:0.00}s on 1 thread, {cpu:0.00} CPU-s"));
    // Wall-clock rate (swings with the machine's load) and the rate per CPU-second of this process.
    Console.WriteLine(FormattableString.Invariant($"{name} msgs_per_sec_per_core={n / sw.Elapsed.TotalSeconds:0} msgs_per_cpu_sec={n / Math.Max(cpu, 1e-9):0} (checksum {sink:0})"));
}
