using System.Reflection;
using System.Reflection.Emit;
using ComplaintBot.Dialogs.Complaints;
using Xunit.Abstractions;

namespace ComplaintBot.Tests.Complaints;

/// <summary>
/// Issue 13 ("remove the Complaints → FollowUps → Handoff → Complaints cycle"): which namespaces of the Dialogs
/// assembly use which, read from the compiled code — signatures (fields, properties, parameters, base types,
/// interfaces) and every type, method and field a method body names in its IL, lambdas and async state machines
/// included — so a fully qualified name or a <c>var</c> counts as much as a <c>using</c>.
/// </summary>
public sealed class NamespaceDependencyTests(ITestOutputHelper output)
{
    private const string Root = "ComplaintBot.Dialogs.";
    private static readonly string[] Family = ["Complaints", "FollowUps", "Handoff"];

    [Fact]
    public void The_complaint_flow_follow_ups_and_hand_off_depend_on_each_other_in_one_direction_only()
    {
        var edges = Edges(typeof(ComplaintDialog).Assembly);
        foreach (var (from, to) in edges.Keys.Where(e => Family.Contains(e.From) && Family.Contains(e.To)).OrderBy(e => e.From).ThenBy(e => e.To))
            output.WriteLine($"{from} -> {to}: {string.Join(", ", edges[(from, to)].Take(8))}");

        var cycles = Family.SelectMany(a => Family.Where(b => string.CompareOrdinal(a, b) < 0).Select(b => (a, b)))
            .Where(p => Reaches(edges, p.a, p.b) && Reaches(edges, p.b, p.a))
            .Select(p => $"{p.a} <-> {p.b}")
            .ToList();
        Assert.True(cycles.Count == 0, "namespace cycles: " + string.Join("; ", cycles) + "\n" + string.Join("\n",
            edges.Where(e => Family.Contains(e.Key.From) && Family.Contains(e.Key.To)).Select(e => $"{e.Key.From} -> {e.Key.To}: {string.Join(", ", e.Value.Take(8))}")));
    }

    /// <summary>Through any namespace of the assembly, not only the three (a detour through another one is still a cycle).</summary>
    private static bool Reaches(Dictionary<(string From, string To), SortedSet<string>> edges, string from, string to)
    {
        var seen = new HashSet<string> { from };
        var next = new Queue<string>([from]);
        while (next.TryDequeue(out var at))
            foreach (var (edge, _) in edges)
                if (edge.From == at && seen.Add(edge.To))
                {
                    if (edge.To == to) return true;
                    next.Enqueue(edge.To);
                }
        return false;
    }

    /// <summary>(namespace, namespace it uses) → the types that make the edge ("UsingType → UsedType").</summary>
    private static Dictionary<(string From, string To), SortedSet<string>> Edges(Assembly assembly)
    {
        var edges = new Dictionary<(string, string), SortedSet<string>>();
        foreach (var type in assembly.GetTypes())
        {
            var from = Area(type);
            if (from is null) continue;
            foreach (var used in Uses(type))
            {
                if (Area(used) is not { } to || to == from) continue;
                if (!edges.TryGetValue((from, to), out var why)) edges[(from, to)] = why = new SortedSet<string>(StringComparer.Ordinal);
                why.Add($"{Outer(type).Name} → {Outer(used).Name}");
            }
        }
        return edges;
    }

    /// <summary>The area of a Dialogs type: the namespace segment after ComplaintBot.Dialogs (nested and generated types count as their outer type's).</summary>
    private static string? Area(Type t)
    {
        var ns = Outer(t).Namespace;
        if (ns is null || !ns.StartsWith(Root, StringComparison.Ordinal) || t.Assembly != typeof(ComplaintDialog).Assembly) return null;
        var rest = ns[Root.Length..];
        var dot = rest.IndexOf('.');
        return dot < 0 ? rest : rest[..dot];
    }

    private static Type Outer(Type t)
    {
        while (t.IsNested) t = t.DeclaringType!;
        return t;
    }

    private const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static IEnumerable<Type> Uses(Type type)
    {
        var found = new HashSet<Type>();
        void Add(Type? t)
        {
            if (t is null || !found.Add(t)) return;
            if (t.HasElementType) Add(t.GetElementType());
            if (t.IsGenericType) foreach (var a in t.GetGenericArguments()) Add(a);
        }
        Add(type.BaseType);
        foreach (var i in type.GetInterfaces()) Add(i);
        foreach (var f in type.GetFields(All)) Add(f.FieldType);
        foreach (var p in type.GetProperties(All)) Add(p.PropertyType);
        foreach (var e in type.GetEvents(All)) Add(e.EventHandlerType);
        foreach (var m in type.GetMethods(All).Cast<MethodBase>().Concat(type.GetConstructors(All)))
        {
            if (m is MethodInfo mi) Add(mi.ReturnType);
            foreach (var p in m.GetParameters()) Add(p.ParameterType);
            MethodBody? body;
            try { body = m.GetMethodBody(); } catch (Exception e) when (e is BadImageFormatException or InvalidOperationException) { continue; }
            if (body is null) continue;
            foreach (var l in body.LocalVariables) Add(l.LocalType);
            foreach (var t in TokensOf(m, body.GetILAsByteArray() ?? [])) Add(t);
        }
        return found;
    }

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!).ToDictionary(o => o.Value);

    /// <summary>The types named by the metadata tokens of an IL body (types, and the declaring types of methods and fields).</summary>
    private static IEnumerable<Type> TokensOf(MethodBase method, byte[] il)
    {
        var module = method.Module;
        var typeArgs = method.DeclaringType?.IsGenericType == true ? method.DeclaringType.GetGenericArguments() : null;
        var methodArgs = method.IsGenericMethod ? method.GetGenericArguments() : null;
        var types = new List<Type>();
        for (var i = 0; i < il.Length;)
        {
            var code = il[i] == 0xFE ? OpCodesByValue[(short)(0xFE00 | il[i + 1])] : OpCodesByValue[il[i]];
            i += code.Size;
            switch (code.OperandType)
            {
                case OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok:
                    var token = BitConverter.ToInt32(il, i);
                    try
                    {
                        switch (module.ResolveMember(token, typeArgs, methodArgs))
                        {
                            case Type t: types.Add(t); break;
                            case MethodBase mb:
                                types.Add(mb.DeclaringType!);
                                if (mb is MethodInfo mi) types.Add(mi.ReturnType);
                                types.AddRange(mb.GetParameters().Select(p => p.ParameterType));
                                if (mb.IsGenericMethod) types.AddRange(mb.GetGenericArguments());
                                break;
                            case FieldInfo fi: types.Add(fi.DeclaringType!); types.Add(fi.FieldType); break;
                        }
                    }
                    catch (ArgumentException) { /* a token from outside this assembly's resolvable scope */ }
                    i += 4;
                    break;
                case OperandType.InlineSwitch:
                    i += 4 + 4 * BitConverter.ToInt32(il, i);
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    i += 8;
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    i += 1;
                    break;
                case OperandType.InlineVar:
                    i += 2;
                    break;
                case OperandType.InlineNone:
                    break;
                default: // InlineBrTarget, InlineI, InlineSig, InlineString, ShortInlineR
                    i += 4;
                    break;
            }
        }
        return types;
    }
}
