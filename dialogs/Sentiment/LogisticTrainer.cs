namespace ComplaintBot.Dialogs.Sentiment;

/// <summary>One training row: distinct hashed feature buckets (already masked), a few dense inputs, and the label.</summary>
public readonly record struct LogisticExample(int[] Hashes, float[] Dense, bool Positive);

/// <summary>Hyper-parameters of <see cref="LogisticTrainer"/>.</summary>
/// <param name="HashBits">The hashed weight table has 2^HashBits buckets; example hashes must already be masked.</param>
/// <param name="DenseCount">Number of dense inputs of every example.</param>
/// <param name="L2">Penalty on the hashed weights only (applied when a bucket is seen); bias and dense weights are not shrunk.</param>
/// <param name="DenseLearningRate">Step of the bias and the dense inputs: they occur in every row, so AdaGrad shrinks their
/// steps fastest; a larger one lets the stacked lexicon scores settle before the n-grams memorise the rows.</param>
/// <param name="PositiveWeight">Loss weight of a positive row (1 = none; the decision threshold is fitted afterwards anyway).</param>
/// <param name="NbSmoothing">0 = binary features; &gt; 0 = each bucket's value is its naive-Bayes log-count ratio between
/// positive and negative training rows (smoothed by this count), as in NB-SVM, so buckets that separate the classes
/// move first and uninformative ones hardly at all. The ratio is folded into the returned weights.</param>
public sealed record LogisticTrainerOptions(
    int HashBits, int DenseCount, int Epochs, double LearningRate, double L2, int Seed, double DenseLearningRate = 0.5, double PositiveWeight = 1,
    double NbSmoothing = 0);

/// <summary>What <see cref="LogisticTrainer.Train"/> learned: z = bias + Σ dense·x + Σ hashed weights.</summary>
public sealed record LogisticWeights(double Bias, double[] Dense, float[] Hashed)
{
    public double Logit(LogisticExample e)
    {
        var z = Bias;
        for (var k = 0; k < Dense.Length; k++) z += Dense[k] * e.Dense[k];
        foreach (var h in e.Hashes) z += Hashed[h];
        return z;
    }
}

/// <summary>
/// Logistic regression trained with AdaGrad SGD over hashed sparse features plus a few dense ones. Single-threaded and
/// seeded, so the same rows give bit-identical weights (the committed model is checked by retraining).
/// </summary>
public static class LogisticTrainer
{
    /// <param name="rows">Indices into <paramref name="examples"/> to train on (a cross-validation fold, or all).</param>
    public static LogisticWeights Train(IReadOnlyList<LogisticExample> examples, IReadOnlyList<int> rows, LogisticTrainerOptions options)
    {
        var w = new float[1 << options.HashBits];
        var g2 = new float[w.Length];
        var dense = new double[options.DenseCount];
        var dg2 = new double[dense.Length];
        double bias = 0, bg2 = 0;
        var lr = options.LearningRate;
        var dlr = options.DenseLearningRate;
        var rng = new Random(options.Seed);
        var order = rows.ToArray();
        var scale = options.NbSmoothing > 0 ? NbRatios(examples, order, w.Length, options.NbSmoothing) : null;
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            rng.Shuffle(order);
            foreach (var idx in order)
            {
                var e = examples[idx];
                if (e.Dense.Length != dense.Length) throw new ArgumentException($"row {idx} has {e.Dense.Length} dense inputs, the options {dense.Length}");
                var z = bias;
                for (var k = 0; k < dense.Length; k++) z += dense[k] * e.Dense[k];
                if (scale == null) foreach (var h in e.Hashes) z += w[h];
                else foreach (var h in e.Hashes) z += w[h] * scale[h];
                var grad = (Sigmoid(z) - (e.Positive ? 1.0 : 0.0)) * (e.Positive ? options.PositiveWeight : 1);
                bg2 += grad * grad;
                bias -= dlr * grad / Math.Sqrt(bg2 + 1e-8);
                for (var k = 0; k < dense.Length; k++)
                {
                    var gk = grad * e.Dense[k];
                    if (gk == 0) continue;
                    dg2[k] += gk * gk;
                    dense[k] -= dlr * gk / Math.Sqrt(dg2[k] + 1e-8);
                }
                foreach (var h in e.Hashes)
                {
                    var gh = (scale == null ? grad : grad * scale[h]) + options.L2 * w[h];
                    g2[h] += (float)(gh * gh);
                    w[h] -= (float)(lr * gh / Math.Sqrt(g2[h] + 1e-8));
                }
            }
        }
        if (scale != null) for (var h = 0; h < w.Length; h++) w[h] *= scale[h];
        return new LogisticWeights(bias, dense, w);
    }

    /// <summary>Per bucket log((p + α)/‖p + α‖) − log((q + α)/‖q + α‖) over the training rows (NB-SVM's ratio).</summary>
    private static float[] NbRatios(IReadOnlyList<LogisticExample> examples, int[] rows, int buckets, double alpha)
    {
        var p = new double[buckets];
        var q = new double[buckets];
        foreach (var idx in rows)
        {
            var e = examples[idx];
            var into = e.Positive ? p : q;
            foreach (var h in e.Hashes) into[h]++;
        }
        double sp = 0, sq = 0;
        for (var h = 0; h < buckets; h++) { sp += p[h] + alpha; sq += q[h] + alpha; }
        var r = new float[buckets];
        for (var h = 0; h < buckets; h++) r[h] = (float)(Math.Log((p[h] + alpha) / sp) - Math.Log((q[h] + alpha) / sq));
        return r;
    }

    public static LogisticWeights Train(IReadOnlyList<LogisticExample> examples, LogisticTrainerOptions options)
        => Train(examples, Enumerable.Range(0, examples.Count).ToArray(), options);

    public static double Sigmoid(double z) => 1.0 / (1.0 + Math.Exp(-Math.Clamp(z, -30, 30)));
}
