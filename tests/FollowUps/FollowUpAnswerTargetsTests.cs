using ComplaintBot.Dialogs.Cases;
using ComplaintBot.Dialogs.Complaints;
using ComplaintBot.Dialogs.FollowUps;
using ComplaintBot.Tests.Complaints;

namespace ComplaintBot.Tests.FollowUps;

/// <summary>Which cases of a combined follow-up an answer names, with the shipped answer phrases.</summary>
public sealed class FollowUpAnswerTargetsTests
{
    private static readonly FollowUpOptions Options = RepoPaths.Options<FollowUpOptions>(FollowUpOptions.Section);
    private static readonly FollowUpAnswerTargets Targets = new(Options.NotResolvedPhrases.Concat(Options.ResolvedPhrases));

    private static Case C(string number, string product, string? order = null, string? sku = null)
        => new() { Number = number, ProductName = product, OrderNumber = order, ProductSku = sku };

    private static readonly Case Mug = C("C20261124-0001", "陶瓷马克杯", "SO10000001", "SKU-MUG-01");
    private static readonly Case Shirt = C("C20261124-0002", "纯棉T恤", "SO10000002", "SKU-TSH-05");
    private static readonly Case Kettle = C("C20261124-0003", "Electric kettle");
    private static readonly Case Glasses = C("C20261124-0004", "Set of good glasses");

    private static string[] Named(string text, params Case[] cases) => Targets.Select(cases, text).Select(c => c.Number).ToArray();

    [Theory]
    [InlineData("还没收到")]
    [InlineData("All good, thanks")]
    [InlineData("都收到了，谢谢")]
    public void An_answer_naming_none_of_them_is_about_all_of_them(string text)
        => Assert.Equal([Mug.Number, Shirt.Number, Kettle.Number], Named(text, Mug, Shirt, Kettle));

    [Theory]
    [InlineData("马克杯收到了，谢谢", "C20261124-0001")]
    [InlineData("T恤还没收到", "C20261124-0002")]
    [InlineData("the kettles have not arrived", "C20261124-0003")]
    [InlineData("c20261124-0002 still not received", "C20261124-0002")]
    [InlineData("SO10000001 还没收到", "C20261124-0001")]
    [InlineData("SKU-TSH-05 not received", "C20261124-0002")]
    public void An_answer_naming_one_is_about_that_one(string text, string number)
        => Assert.Equal([number], Named(text, Mug, Shirt, Kettle));

    [Fact]
    public void Naming_two_of_three_is_about_those_two()
        => Assert.Equal([Mug.Number, Kettle.Number], Named("马克杯和kettle都还没收到", Mug, Shirt, Kettle));

    [Fact]
    public void A_word_two_products_share_names_neither()
    {
        var blue = C("C1", "Blue mug");
        var red = C("C2", "Red mug");
        Assert.Equal(["C1", "C2"], Named("the mug still not received", blue, red));
        Assert.Equal(["C2"], Named("the red one still not received", blue, red));
    }

    [Fact]
    public void A_word_of_the_answer_phrases_never_names_a_product()
        // "good" is in "all good": the answer, not the glasses.
        => Assert.Equal([Kettle.Number, Glasses.Number], Named("All good, thanks", Kettle, Glasses));

    [Fact]
    public void A_single_case_is_always_the_target()
        => Assert.Equal([Mug.Number], Named("the kettle has not arrived", Mug));
}
