using ComplaintBot.Dialogs.Sentiment;

namespace ComplaintBot.Tests.Sentiment;

/// <summary>The AdaGrad logistic regression shared by the local model and the English corpus model.</summary>
public class LogisticTrainerTests
{
    private static readonly LogisticTrainerOptions Options = new(
        HashBits: 4, InitialDense: [0.0], Epochs: 20, LearningRate: 0.2, L2: 1e-6, Seed: 5, MinPositiveWeight: 1, MaxPositiveWeight: 5);

    private static double Predict(LogisticWeights w, LogisticExample e)
    {
        var z = w.Bias;
        for (var k = 0; k < w.Dense.Length; k++) z += w.Dense[k] * e.Dense[k];
        foreach (var h in e.Hashes) z += w.Hashed[h];
        return LogisticTrainer.Sigmoid(z);
    }

    [Fact]
    public void Hashed_features_that_only_occur_in_one_class_push_predictions_to_that_class()
    {
        // Bucket 1 only in positive rows, bucket 2 only in negative ones, bucket 3 in both.
        var rows = Enumerable.Range(0, 40).Select(i => i % 2 == 0
            ? new LogisticExample([1, 3], [0.0], true)
            : new LogisticExample([2, 3], [0.0], false)).ToList();
        var w = LogisticTrainer.Train(rows, r => r, Options);
        Assert.True(Predict(w, new LogisticExample([1, 3], [0.0], true)) > 0.8);
        Assert.True(Predict(w, new LogisticExample([2, 3], [0.0], false)) < 0.2);
        Assert.True(w.Hashed[1] > 0 && w.Hashed[2] < 0);
    }

    [Fact]
    public void A_dense_input_gets_a_weight_in_the_direction_of_the_label()
    {
        var rows = Enumerable.Range(0, 40).Select(i => new LogisticExample([], [i % 2 == 0 ? 1.0 : -1.0], i % 2 == 0)).ToList();
        var w = LogisticTrainer.Train(rows, r => r, Options);
        Assert.True(w.Dense[0] > 1, $"dense weight {w.Dense[0]}");
    }

    [Fact]
    public void The_rarer_positive_class_is_weighted_up_to_the_configured_clamp()
    {
        // The same row is labelled positive once for every four negative labels: unweighted, the model settles near
        // 0.2; with positives weighted 4× it settles near 0.5.
        var rows = Enumerable.Range(0, 100).Select(i => new LogisticExample([1], [0.0], i % 5 == 0)).ToList();
        var unweighted = LogisticTrainer.Train(rows, r => r, Options with { MaxPositiveWeight = 1 });
        var weighted = LogisticTrainer.Train(rows, r => r, Options);
        var probe = new LogisticExample([1], [0.0], true);
        Assert.InRange(Predict(unweighted, probe), 0.1, 0.3);
        Assert.InRange(Predict(weighted, probe), 0.4, 0.6);
    }

    [Fact]
    public void The_same_seed_gives_the_same_weights()
    {
        var rows = Enumerable.Range(0, 30).Select(i => new LogisticExample([i % 7, (i * 3) % 11 % 16], [i / 30.0], i % 3 == 0)).ToList();
        var a = LogisticTrainer.Train(rows, r => r, Options);
        var b = LogisticTrainer.Train(rows, r => r, Options);
        Assert.Equal(a.Bias, b.Bias);
        Assert.Equal(a.Dense, b.Dense);
        Assert.Equal(a.Hashed, b.Hashed);
    }

    [Fact]
    public void A_row_with_the_wrong_number_of_dense_inputs_is_rejected()
    {
        var rows = new[] { new LogisticExample([1], [0.0, 1.0], true) };
        var error = Assert.Throws<ArgumentException>(() => LogisticTrainer.Train(rows, r => r, Options));
        Assert.Contains("dense", error.Message);
    }
}
