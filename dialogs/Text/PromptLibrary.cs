using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using HandlebarsDotNet;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace ComplaintBot.Dialogs.Text;

/// <summary>
/// The project's only message renderer: loads every <c>{root}/{locale}/{family}.yaml</c> once, compiles each
/// Handlebars template on first use and caches it. Lookup falls back from the asked locale to the same
/// language, then to the default locale; a template missing everywhere throws <see cref="PromptNotFoundException"/>.
/// Usage: <c>library.Render("zh-CN", "acknowledge.received", new { caseNumber = "C…" })</c>.
/// </summary>
public sealed class PromptLibrary
{
    private readonly Dictionary<string, Dictionary<string, PromptTemplate>> _byLocale = new(StringComparer.OrdinalIgnoreCase);
    // Lazy: a template first needed by many turns at once is compiled once, not by each of them (compiling is slow).
    private readonly ConcurrentDictionary<PromptTemplate, Lazy<HandlebarsTemplate<object, object>>> _compiled = new();
    // One Handlebars environment per locale, so helpers such as {{money}} write for the template's reader.
    private readonly ConcurrentDictionary<string, IHandlebars> _handlebars = new(StringComparer.OrdinalIgnoreCase);

    public string Root { get; }
    public string DefaultLocale { get; }
    /// <summary>The shop's currency (ISO 4217) that <c>{{money amount}}</c> writes.</summary>
    public string Currency { get; }

    public PromptLibrary(string root, string defaultLocale = "zh-CN", string currency = "CNY")
    {
        Root = root;
        DefaultLocale = defaultLocale;
        Currency = currency;
        if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"Prompt folder not found: {Path.GetFullPath(root)}");
        Load();
    }

    private IHandlebars Environment(string locale) => _handlebars.GetOrAdd(locale, l =>
    {
        // Chat text, not HTML: customer input such as "A&B" must come back unchanged. Channels render text as text.
        var h = Handlebars.Create(new HandlebarsConfiguration { NoEscape = true, ThrowOnUnresolvedBindingExpression = false });
        h.RegisterHelper("eq", (ctx, args) => args.Length == 2 && Equals(args[0]?.ToString(), args[1]?.ToString()));
        h.RegisterHelper("join", (in HelperOptions _, in Context __, in Arguments args) =>
            args.Length >= 1 && args[0] is IEnumerable e and not string
                ? string.Join(args.Length > 1 ? args[1]?.ToString() : ", ", e.Cast<object?>())
                : args.Length >= 1 ? args[0]?.ToString() : "");
        h.RegisterHelper("inc", (ctx, args) => args.Length == 1 && int.TryParse(args[0]?.ToString(), out var i) ? i + 1 : args.FirstOrDefault());
        // {{money amount}}: callers pass decimals or invariant strings ("12.5").
        h.RegisterHelper("money", (ctx, args) => args.Length == 1 && decimal.TryParse(args[0]?.ToString(), System.Globalization.NumberStyles.Number,
            System.Globalization.CultureInfo.InvariantCulture, out var amount) ? MoneyFormat.Format(amount, Currency, l) : args.FirstOrDefault());
        return h;
    });

    /// <summary>An amount in the shop's currency, written for <paramref name="locale"/>.</summary>
    public string FormatMoney(decimal amount, string locale) => MoneyFormat.Format(amount, Currency, locale);

    public IEnumerable<string> Locales => _byLocale.Keys;

    /// <summary>Every template of every locale (tests run the promise guard over these).</summary>
    public IEnumerable<PromptTemplate> All => _byLocale.Values.SelectMany(d => d.Values);

    public bool Has(string locale, string key) => Find(locale, key) is not null;

    /// <param name="key">"family.name", e.g. "restate.question".</param>
    /// <param name="values">Anonymous object or IDictionary&lt;string, object?&gt;; names match input_variables.</param>
    public string Render(string locale, string key, object? values = null)
    {
        var template = Find(locale, key) ?? throw new PromptNotFoundException(
            $"No prompt template '{key}' for locale '{locale}' (also tried '{Language(locale)}-*' and '{DefaultLocale}') under {Path.GetFullPath(Root)}. " +
            $"Add a document named '{key[(key.IndexOf('.') + 1)..]}' to {Path.Combine(locale, key.Split('.')[0] + ".yaml")}.");
        var data = ToDictionary(values);
        foreach (var v in template.InputVariables)
        {
            if (data.TryGetValue(v.Name, out var given) && given is not null) continue;
            if (v.Default is not null) data[v.Name] = v.Default;
            else if (v.IsRequired)
                throw new PromptRenderException($"Prompt '{key}' ({template.Locale}, {template.SourceFile}) needs the value '{v.Name}'.");
        }
        var compiled = _compiled.GetOrAdd(template, t => new Lazy<HandlebarsTemplate<object, object>>(() =>
        {
            try { return Environment(t.Locale).Compile(t.Template); }
            catch (Exception ex) { throw new PromptRenderException($"Prompt '{t.Key}' ({t.Locale}, {t.SourceFile}) does not compile: {ex.Message}", ex); }
        }));
        return compiled.Value(data).Trim();
    }

    private PromptTemplate? Find(string locale, string key)
    {
        foreach (var candidate in Candidates(locale))
            if (_byLocale.TryGetValue(candidate, out var map) && map.TryGetValue(key, out var t)) return t;
        return null;
    }

    private IEnumerable<string> Candidates(string locale)
    {
        yield return locale;
        var lang = Language(locale);
        foreach (var l in _byLocale.Keys.Where(l => Language(l).Equals(lang, StringComparison.OrdinalIgnoreCase) && !l.Equals(locale, StringComparison.OrdinalIgnoreCase)))
            yield return l;
        yield return DefaultLocale;
    }

    private static string Language(string locale) => locale.Split('-')[0];

    private void Load()
    {
        var deserializer = new DeserializerBuilder()
            .WithNamingConvention(UnderscoredNamingConvention.Instance)
            .IgnoreUnmatchedProperties() // SK fields we don't use (execution_settings, output_variable)
            .Build();
        foreach (var dir in Directory.GetDirectories(Root))
        {
            var locale = Path.GetFileName(dir);
            var map = new Dictionary<string, PromptTemplate>(StringComparer.OrdinalIgnoreCase);
            foreach (var file in Directory.GetFiles(dir, "*.yaml").Concat(Directory.GetFiles(dir, "*.yml")).Order())
            {
                var family = Path.GetFileNameWithoutExtension(file);
                using var reader = new StreamReader(file);
                var parser = new Parser(reader);
                parser.Consume<StreamStart>();
                while (parser.Accept<DocumentStart>(out _))
                {
                    PromptTemplate t;
                    try { t = deserializer.Deserialize<PromptTemplate>(parser); }
                    catch (YamlException ex) { throw new PromptRenderException($"{file}: {ex.Message}", ex); }
                    if (string.IsNullOrWhiteSpace(t.Name)) throw new PromptRenderException($"{file}: a template without a name.");
                    if (!string.Equals(t.TemplateFormat, "handlebars", StringComparison.OrdinalIgnoreCase))
                        throw new PromptRenderException($"{file}: '{t.Name}' uses template_format '{t.TemplateFormat}'; only handlebars is supported.");
                    t.Family = family;
                    t.Locale = locale;
                    t.SourceFile = Path.GetRelativePath(Root, file);
                    if (!map.TryAdd(t.Key, t)) throw new PromptRenderException($"{file}: template '{t.Name}' is defined twice.");
                }
            }
            _byLocale[locale] = map;
        }
    }

    // Values are mostly anonymous objects, one type per call site: look their properties up once.
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]> PropertiesOf = new();

    private static Dictionary<string, object?> ToDictionary(object? values)
    {
        var d = new Dictionary<string, object?>(StringComparer.Ordinal);
        switch (values)
        {
            case null: break;
            case IDictionary<string, object?> dict: foreach (var kv in dict) d[kv.Key] = kv.Value; break;
            case IDictionary<string, string> sdict: foreach (var kv in sdict) d[kv.Key] = kv.Value; break;
            default:
                foreach (var p in PropertiesOf.GetOrAdd(values.GetType(), static t => t.GetProperties(BindingFlags.Public | BindingFlags.Instance)))
                    d[p.Name] = p.GetValue(values);
                break;
        }
        return d;
    }
}
