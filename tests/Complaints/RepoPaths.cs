using ComplaintBot.Dialogs.Text;
using Microsoft.Extensions.Configuration;

namespace ComplaintBot.Tests.Complaints;

/// <summary>The repository's real prompts/ and appsettings.json, so tests check what ships.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ComplaintBot.sln"))) return dir.FullName;
        throw new InvalidOperationException("Repository root (ComplaintBot.sln) not found above " + AppContext.BaseDirectory);
    }

    public static IConfiguration Configuration { get; } =
        new ConfigurationBuilder().AddJsonFile(Path.Combine(Root, "appsettings.json")).Build();

    public static T Options<T>(string section) where T : new()
    {
        var o = new T();
        Configuration.GetSection(section).Bind(o);
        return o;
    }

    private static readonly Lazy<PromptLibrary> LazyPrompts = new(() => new PromptLibrary(Path.Combine(Root, "prompts")));
    public static PromptLibrary Prompts => LazyPrompts.Value;
}
