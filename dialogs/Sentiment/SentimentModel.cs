using System.Text;

namespace ComplaintBot.Dialogs.Sentiment;

/// <summary>What a head predicts: anger (escalation) or polarity (positive vs negative).</summary>
public enum ModelTask { Anger, Polarity }

/// <summary>
/// One logistic regression of the learned model: z = bias + Σ dense·x + Σ hashed weights − threshold, so that
/// σ(z) = 0.5 exactly at the decision threshold chosen by cross-validation on the training rows.
/// </summary>
public sealed class SentimentHead
{
    public required ModelLanguage Language { get; init; }
    public required ModelTask Task { get; init; }
    /// <summary>Where the rows came from (file names and labels), for the docs and `eval-sentiment`'s header.</summary>
    public required string Source { get; init; }
    public required int Rows { get; init; }
    public required int Positives { get; init; }
    public required float Bias { get; init; }
    /// <summary>Logit of the threshold picked by cross-validation on the training rows (subtracted from z).</summary>
    public required float ThresholdLogit { get; init; }
    /// <summary>
    /// Anger heads: the logit above which, in cross-validation on the training rows, at least
    /// <see cref="SentimentTrainingOptions.EscalationPrecision"/> of the flagged messages were angry. The score is scaled so
    /// that this point reads 0.75 (the escalation threshold) and <see cref="ThresholdLogit"/> 0.5. Polarity heads: +1.
    /// </summary>
    public required float ConfidentLogit { get; init; }
    public required float[] Dense { get; init; }
    /// <summary>2^HashBits weights, stored as half precision (the file stays small; the loss is far below the noise).</summary>
    public required Half[] Hashed { get; init; }

    private float[]? _weights;
    private float[] Weights => _weights ??= Array.ConvertAll(Hashed, h => (float)h);

    /// <summary>The calibrated log-odds: 0 at the decision threshold, ln 3 (σ = 0.75) at the confident point.</summary>
    public double Logit(ReadOnlySpan<int> hashes, float[] dense)
    {
        var w = Weights;
        var mask = w.Length - 1;
        double z = Bias;
        for (var k = 0; k < Dense.Length; k++) z += Dense[k] * dense[k];
        foreach (var h in hashes) z += w[h & mask];
        return (z - ThresholdLogit) * Math.Log(3) / Math.Max(ConfidentLogit - ThresholdLogit, 0.1);
    }
}

/// <summary>
/// The learned sentiment model: up to four heads (anger and polarity, English and Chinese) over one tokenizer
/// (<see cref="SentimentFeatures"/>). Written by `train-sentiment` in a small binary format (little endian) that is
/// byte-for-byte the same for the same training files, so the committed default weights can be checked by retraining.
/// </summary>
public sealed class SentimentModel
{
    private const string Magic = "CBSM";
    public const int FormatVersion = 2;
    /// <summary>The default weights, trained on the public train splits (docs/sentiment.md), embedded in this assembly.</summary>
    public const string DefaultResource = "ComplaintBot.Dialogs.Sentiment.Model.default.cbsm";

    public required int HashBits { get; init; }
    public required IReadOnlyList<SentimentHead> Heads { get; init; }

    public SentimentHead? Head(ModelLanguage language, ModelTask task)
    {
        foreach (var h in Heads) if (h.Language == language && h.Task == task) return h;
        return null;
    }

    private static readonly Lazy<SentimentModel> _default = new(() =>
    {
        using var s = typeof(SentimentModel).Assembly.GetManifestResourceStream(DefaultResource)
                      ?? throw new InvalidOperationException($"embedded model {DefaultResource} is missing");
        return Read(s);
    });

    public static SentimentModel Default => _default.Value;

    public static SentimentModel Load(string path)
    {
        using var s = File.OpenRead(path);
        return Read(s);
    }

    public void Save(string path)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path));
        if (dir != null) Directory.CreateDirectory(dir);
        using var s = File.Create(path);
        Write(s);
    }

    public void Write(Stream stream)
    {
        using var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        w.Write(Encoding.ASCII.GetBytes(Magic));
        w.Write(FormatVersion);
        w.Write(HashBits);
        w.Write(Heads.Count);
        foreach (var h in Heads)
        {
            w.Write((byte)h.Language);
            w.Write((byte)h.Task);
            w.Write(h.Source);
            w.Write(h.Rows);
            w.Write(h.Positives);
            w.Write(h.Bias);
            w.Write(h.ThresholdLogit);
            w.Write(h.ConfidentLogit);
            w.Write(h.Dense.Length);
            foreach (var d in h.Dense) w.Write(d);
            if (h.Hashed.Length != 1 << HashBits) throw new InvalidOperationException("head size does not match HashBits");
            foreach (var x in h.Hashed) w.Write(x);
        }
    }

    public static SentimentModel Read(Stream stream)
    {
        using var r = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        if (Encoding.ASCII.GetString(r.ReadBytes(4)) != Magic) throw new InvalidDataException("not a sentiment model (train one with train-sentiment)");
        var version = r.ReadInt32();
        if (version != FormatVersion) throw new InvalidDataException($"sentiment model format {version}, this build reads {FormatVersion}: retrain with train-sentiment");
        var bits = r.ReadInt32();
        if (bits is < 4 or > 24) throw new InvalidDataException($"hash bits {bits} out of range");
        var count = r.ReadInt32();
        var heads = new List<SentimentHead>();
        for (var i = 0; i < count; i++)
        {
            var language = (ModelLanguage)r.ReadByte();
            var task = (ModelTask)r.ReadByte();
            var source = r.ReadString();
            var rows = r.ReadInt32();
            var positives = r.ReadInt32();
            var bias = r.ReadSingle();
            var threshold = r.ReadSingle();
            var confident = r.ReadSingle();
            var dense = new float[r.ReadInt32()];
            if (dense.Length != SentimentFeatures.DenseCount)
                throw new InvalidDataException($"model has {dense.Length} dense inputs, this build {SentimentFeatures.DenseCount}: retrain with train-sentiment");
            for (var k = 0; k < dense.Length; k++) dense[k] = r.ReadSingle();
            var hashed = new Half[1 << bits];
            // One read for the whole table (a million ReadHalf calls cost a noticeable part of start-up).
            var bytes = r.ReadBytes(hashed.Length * 2);
            if (bytes.Length != hashed.Length * 2) throw new InvalidDataException("sentiment model file is truncated");
            if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("sentiment models are little endian");
            System.Runtime.InteropServices.MemoryMarshal.Cast<byte, Half>(bytes).CopyTo(hashed);
            heads.Add(new SentimentHead
            {
                Language = language, Task = task, Source = source, Rows = rows, Positives = positives,
                Bias = bias, ThresholdLogit = threshold, ConfidentLogit = confident, Dense = dense, Hashed = hashed,
            });
        }
        return new SentimentModel { HashBits = bits, Heads = heads };
    }
}
