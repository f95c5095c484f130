namespace ComplaintBot.Dialogs.Sentiment;

/// <summary>One training row: hashed feature buckets (a bucket may repeat), a few dense inputs, and the label.</summary>
public readonly record struct LogisticExample(int[] Hashes, double[] Dense, bool Positive);

/// <summary>Hyper-parameters of <see cref="LogisticTrainer"/>.</summary>
/// <param name="HashBits">The hashed weight table has 2^HashBits buckets; example hashes must already be masked.</param>
/// <param name="InitialDense">Starting weights of the dense inputs (their count is the number of dense inputs).</param>
/// <param name="L2">Penalty on the hashed weights only; the bias and the dense weights are not shrunk.</param>
/// <param name="MinPositiveWeight">Clamp of the rarer-class weight (negatives / positives) on positive rows.</param>
public sealed record LogisticTrainerOptions(
    int HashBits, double[] InitialDense, int Epochs, double LearningRate, double L2, int Seed,
    double MinPositiveWeight, double MaxPositiveWeight);

/// <summary>What <see cref="LogisticTrainer.Train"/> learned: z = bias + Σ dense·x + Σ hashed weights.</summary>
public sealed record LogisticWeights(double Bias, double[] Dense, float[] Hashed);

/// <summary>
/// Logistic regression trained with AdaGrad SGD over hashed sparse features plus a few dense ones, with the
/// positive class re-weighted so a rare label is not drowned. Shared by the shop's local model and the English
/// corpus model, which differ only in their features and hyper-parameters. Deterministic for a given seed.
/// </summary>
public static class LogisticTrainer
{
    public static LogisticWeights Train<TRow>(IReadOnlyList<TRow> rows, Func<TRow, LogisticExample> features, LogisticTrainerOptions options)
    {
        var w = new float[1 << options.HashBits];
        var g2 = new float[w.Length];
        var dense = (double[])options.InitialDense.Clone();
        var dg2 = new double[dense.Length];
        double bias = 0, bg2 = 0;
        var lr = options.LearningRate;
        // Features are computed once; epochs only reshuffle.
        var examples = new LogisticExample[rows.Count];
        for (var r = 0; r < rows.Count; r++)
        {
            examples[r] = features(rows[r]);
            if (examples[r].Dense.Length != dense.Length)
                throw new ArgumentException($"row {r} has {examples[r].Dense.Length} dense inputs, the options {dense.Length}");
        }
        var positives = examples.Count(e => e.Positive);
        var posWeight = positives == 0 ? 1
            : Math.Clamp((examples.Length - positives) / (double)positives, options.MinPositiveWeight, options.MaxPositiveWeight);
        var rng = new Random(options.Seed);
        var order = Enumerable.Range(0, examples.Length).ToArray();
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            rng.Shuffle(order);
            foreach (var idx in order)
            {
                var e = examples[idx];
                var y = e.Positive ? 1.0 : 0.0;
                var z = bias;
                for (var k = 0; k < dense.Length; k++) z += dense[k] * e.Dense[k];
                foreach (var h in e.Hashes) z += w[h];
                var grad = (Sigmoid(z) - y) * (e.Positive ? posWeight : 1);
                bg2 += grad * grad;
                bias -= lr * grad / Math.Sqrt(bg2 + 1e-8);
                for (var k = 0; k < dense.Length; k++)
                {
                    var gk = grad * e.Dense[k];
                    dg2[k] += gk * gk;
                    dense[k] -= lr * gk / Math.Sqrt(dg2[k] + 1e-8);
                }
                foreach (var h in e.Hashes)
                {
                    var gh = grad + options.L2 * w[h];
                    g2[h] += (float)(gh * gh);
                    w[h] -= (float)(lr * gh / Math.Sqrt(g2[h] + 1e-8));
                }
            }
        }
        return new LogisticWeights(bias, dense, w);
    }

    public static double Sigmoid(double z) => 1.0 / (1.0 + Math.Exp(-Math.Clamp(z, -30, 30)));
}
