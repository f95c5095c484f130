using ComplaintBot.Dialogs.Sentiment;

namespace ComplaintBot.Tests.Sentiment;

/// <summary>The learned model's tokenizer: the context marks it adds to the plain n-grams of English text.</summary>
public class SentimentFeaturesTests
{
    private static HashSet<int> Features(string text)
    {
        var into = new List<int>();
        SentimentFeatures.Hashed(text, into);
        return [.. into];
    }

    [Fact]
    public void A_word_after_a_negator_also_counts_as_negated_until_the_clause_ends()
    {
        // Same words, same number of bigrams: only the order puts "good" inside the scope of "not".
        Assert.Equal(Features("good not").Count + 1, Features("not good").Count);
        // A comma ends the scope: "good" is then only itself (and the bigram is broken too).
        Assert.Equal(Features("not good").Count - 2, Features("not, good").Count);
    }

    [Fact]
    public void The_words_of_a_message_addressed_to_someone_are_features_of_their_own()
    {
        // "you" and "the" have the same length, so the plain features match in number; addressing adds a copy of each word.
        Assert.Equal(Features("the idiot").Count + 2, Features("you idiot").Count);
        Assert.Equal(Features("idiot the").Count + 2, Features("idiot you").Count);
    }

    [Fact]
    public void The_opening_words_of_a_message_are_told_from_the_same_words_later_on()
    {
        Assert.False(Features("stupid thing").IsSubsetOf(Features("what a stupid thing")));
    }

    [Fact]
    public void Chinese_text_gets_none_of_the_english_context_marks()
    {
        // No Latin words: character n-grams only, the same in any order of equal characters' neighbours.
        Assert.Equal(Features("不好").Count, Features("好不").Count);
    }
}
