using ComplaintBot.Dialogs.Sentiment;

namespace ComplaintBot.Tests.Sentiment;

/// <summary>The AdaGrad logistic regression under every head of the learned model.</summary>
public class LogisticTrainerTests
{
    private static readonly LogisticTrainerOptions Options = new(
        HashBits: 4, DenseCount: 1, Epochs: 20, LearningRate: 0.2, L2: 1e-6, Seed: 5, DenseLearningRate: 0.2);

    private static double Predict(LogisticWeights w, LogisticExample e) => LogisticTrainer.Sigmoid(w.Logit(e));

    [Fact]
    public void Hashed_features_that_only_occur_in_one_class_push_predictions_to_that_class()
    {
        // Bucket 1 only in positive rows, bucket 2 only in negative ones, bucket 3 in both.
        var rows = Enumerable.Range(0, 40).Select(i => i % 2 == 0
            ? new LogisticExample([1, 3], [0f], true)
            : new LogisticExample([2, 3], [0f], false)).ToList();
        var w = LogisticTrainer.Train(rows, Options);
        Assert.True(Predict(w, new LogisticExample([1, 3], [0f], true)) > 0.8);
        Assert.True(Predict(w, new LogisticExample([2, 3], [0f], false)) < 0.2);
        Assert.True(w.Hashed[1] > 0 && w.Hashed[2] < 0);
    }

    [Fact]
    public void Naive_bayes_scaling_leaves_a_bucket_both_classes_share_without_weight_and_folds_the_ratio_into_the_weights()
    {
        // Bucket 3 occurs in every row of both classes: its log-count ratio is 0, so it can carry nothing; without the
        // scaling it soaks up part of the fit like a second bias.
        var rows = Enumerable.Range(0, 40).Select(i => i % 2 == 0
            ? new LogisticExample([1, 3], [0f], true)
            : new LogisticExample([2, 3], [0f], false)).ToList();
        var plain = LogisticTrainer.Train(rows, Options);
        var scaled = LogisticTrainer.Train(rows, Options with { NbSmoothing = 1 });
        Assert.NotEqual(0f, plain.Hashed[3]);
        Assert.Equal(0f, scaled.Hashed[3]);
        // The returned weights are used as they are (z = Σ weights): the ratio is already in them.
        Assert.True(Predict(scaled, rows[0]) > 0.8 && Predict(scaled, rows[1]) < 0.2);
        Assert.True(scaled.Hashed[1] > 0 && scaled.Hashed[2] < 0);
    }

    [Fact]
    public void A_dense_input_gets_a_weight_in_the_direction_of_the_label()
    {
        var rows = Enumerable.Range(0, 40).Select(i => new LogisticExample([], [i % 2 == 0 ? 1f : -1f], i % 2 == 0)).ToList();
        var w = LogisticTrainer.Train(rows, Options);
        Assert.True(w.Dense[0] > 1, $"dense weight {w.Dense[0]}");
    }

    [Fact]
    public void A_positive_weight_moves_the_fit_towards_the_rarer_class()
    {
        // The same row is labelled positive once for every four negative labels: unweighted, the model settles near
        // 0.2; with positives weighted 4× it settles near 0.5.
        var rows = Enumerable.Range(0, 100).Select(i => new LogisticExample([1], [0f], i % 5 == 0)).ToList();
        var unweighted = LogisticTrainer.Train(rows, Options);
        var weighted = LogisticTrainer.Train(rows, Options with { PositiveWeight = 4 });
        var probe = new LogisticExample([1], [0f], true);
        Assert.InRange(Predict(unweighted, probe), 0.1, 0.3);
        Assert.InRange(Predict(weighted, probe), 0.4, 0.6);
    }

    [Fact]
    public void Training_on_a_subset_of_rows_ignores_the_others()
    {
        var rows = new List<LogisticExample>();
        for (var i = 0; i < 40; i++) rows.Add(new LogisticExample([1], [0f], true));
        for (var i = 0; i < 40; i++) rows.Add(new LogisticExample([1], [0f], false));
        var onlyPositives = LogisticTrainer.Train(rows, Enumerable.Range(0, 40).ToArray(), Options);
        Assert.True(Predict(onlyPositives, rows[0]) > 0.9);
    }

    [Fact]
    public void The_same_seed_gives_the_same_weights()
    {
        var rows = Enumerable.Range(0, 30).Select(i => new LogisticExample([i % 7, (i * 3) % 11 % 16], [i / 30f], i % 3 == 0)).ToList();
        var a = LogisticTrainer.Train(rows, Options);
        var b = LogisticTrainer.Train(rows, Options);
        Assert.Equal(a.Bias, b.Bias);
        Assert.Equal(a.Dense, b.Dense);
        Assert.Equal(a.Hashed, b.Hashed);
    }

    [Fact]
    public void A_row_with_the_wrong_number_of_dense_inputs_is_rejected()
    {
        var rows = new[] { new LogisticExample([1], [0f, 1f], true) };
        var error = Assert.Throws<ArgumentException>(() => LogisticTrainer.Train(rows, Options));
        Assert.Contains("dense", error.Message);
    }

    [Fact]
    public void The_cross_validated_threshold_maximises_f1_for_anger_and_accuracy_for_polarity()
    {
        double[] logits = [3, 2, 1, 0, -1, -2];
        bool[] gold = [true, true, false, true, false, false];
        var (cut, f1) = SentimentModelTrainer.BestThreshold(logits, gold, ModelTask.Anger);
        Assert.Equal(-0.5, cut); // top four: tp 3, fp 1 → F1 6/7, better than the top two (0.8)
        Assert.Equal(6.0 / 7, f1, 6);
        var (pcut, accuracy) = SentimentModelTrainer.BestThreshold(logits, gold, ModelTask.Polarity);
        Assert.Equal(1.5, pcut); // top two: 5 of 6 right (the top four are 5 of 6 as well; the first best is kept)
        Assert.Equal(5.0 / 6, accuracy, 6);
    }
}
