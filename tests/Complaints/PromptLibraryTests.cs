using ComplaintBot.Dialogs.Text;

namespace ComplaintBot.Tests.Complaints;

public sealed class PromptLibraryTests
{
    private static PromptLibrary Library => RepoPaths.Prompts;

    [Fact]
    public void Renders_handlebars_values_in_both_locales()
    {
        var zh = Library.Render("zh-CN", "acknowledge.received", new { caseNumber = "C20261124-0001", firstResponseMinutes = 30, resolutionHours = 48 });
        var en = Library.Render("en-US", "acknowledge.received", new { caseNumber = "C20261124-0001", firstResponseMinutes = 30, resolutionHours = 48 });
        Assert.Contains("C20261124-0001", zh);
        Assert.Contains("30 分钟", zh);
        Assert.Contains("within 30 minutes", en);
    }

    [Fact]
    public void Customer_text_is_not_html_escaped()
    {
        var text = Library.Render("en-US", "restate.clause_other", new { subject = "your item", description = "A&B <ok>" });
        Assert.Contains("A&B <ok>", text);
    }

    [Fact]
    public void Unknown_locale_falls_back_to_language_then_default()
    {
        Assert.Equal(Library.Render("en-US", "csat.ask"), Library.Render("en-GB", "csat.ask"));
        Assert.Equal(Library.Render("zh-CN", "csat.ask"), Library.Render("fr-FR", "csat.ask"));
    }

    [Fact]
    public void Missing_template_throws_naming_key_and_locale()
    {
        var ex = Assert.Throws<PromptNotFoundException>(() => Library.Render("en-US", "acknowledge.no_such_thing"));
        Assert.Contains("acknowledge.no_such_thing", ex.Message);
        Assert.Contains("en-US", ex.Message);
    }

    [Fact]
    public void Missing_required_value_throws_instead_of_rendering_a_hole()
    {
        var ex = Assert.Throws<PromptRenderException>(() => Library.Render("zh-CN", "acknowledge.received", new { caseNumber = "C1" }));
        Assert.Contains("firstResponseMinutes", ex.Message);
    }

    [Fact]
    public void Every_template_exists_in_both_locales_and_every_family_file_is_semantic_kernel_shaped()
    {
        var zh = Library.All.Where(t => t.Locale == "zh-CN").Select(t => t.Key).ToHashSet();
        var en = Library.All.Where(t => t.Locale == "en-US").Select(t => t.Key).ToHashSet();
        Assert.NotEmpty(zh);
        Assert.Empty(zh.Except(en));
        Assert.Empty(en.Except(zh));
        Assert.All(Library.All, t =>
        {
            Assert.False(string.IsNullOrWhiteSpace(t.Description), t.Key + " has no description");
            Assert.Equal("handlebars", t.TemplateFormat);
            Assert.All(t.InputVariables, v => Assert.Contains(v.Name, t.Template)); // declared variables are used
        });
    }

    [Theory]
    [InlineData("zh-CN", "我的杯子碎了", "zh-CN")]
    [InlineData(null, "我的杯子碎了", "zh-CN")]
    [InlineData(null, "my mug arrived broken", "en-US")]
    [InlineData("en-GB", "我的杯子碎了", "en-US")]
    [InlineData("fr-FR", "my mug arrived broken", "en-US")]
    [InlineData(null, "12345", "zh-CN")]
    public void Locale_comes_from_the_activity_else_from_the_text(string? activityLocale, string text, string expected)
        => Assert.Equal(expected, LocaleResolver.Resolve(activityLocale, text));
}
