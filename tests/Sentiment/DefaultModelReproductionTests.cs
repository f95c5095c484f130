using ComplaintBot.Bot.Sentiment;
using ComplaintBot.Dialogs.Sentiment;
using ComplaintBot.Tests.Complaints;

namespace ComplaintBot.Tests.Sentiment;

/// <summary>
/// The committed default weights are exactly what `train-sentiment --datasets` makes from the public train splits:
/// nobody can tune the committed file by hand, and a change to the tokenizer or the lexicon that would need a
/// retrain is caught. The datasets are in `shared/datasets` beside the repository (CI's copy is `../shared`).
/// </summary>
public class DefaultModelReproductionTests
{
    private static string? Datasets()
    {
        foreach (var dir in new[] { Environment.GetEnvironmentVariable("COMPLAINTBOT_DATASETS"), Path.Combine(RepoPaths.Root, "..", "shared", "datasets"), "/work/shared/datasets" })
            if (!string.IsNullOrEmpty(dir) && File.Exists(Path.Combine(dir, "goemotions_en", "train.tsv"))) return Path.GetFullPath(dir);
        return null;
    }

    public sealed class DatasetsFactAttribute : FactAttribute
    {
        public DatasetsFactAttribute()
        {
            if (Datasets() == null)
                Skip = "SKIPPED: the public datasets (../shared/datasets beside the repository, or COMPLAINTBOT_DATASETS) are not here; the committed model was not re-trained.";
        }
    }

    [DatasetsFact]
    public async Task Retraining_from_the_public_train_splits_reproduces_the_committed_weights_byte_for_byte()
    {
        var dir = Directory.CreateTempSubdirectory("model-repro").FullName;
        try
        {
            var output = Path.Combine(dir, "default.cbsm");
            var log = new StringWriter();
            Assert.Equal(0, await SentimentCommands.TrainAsync(["--datasets", Datasets()!, "--out", output], log));
            var committed = await File.ReadAllBytesAsync(Path.Combine(RepoPaths.Root, "dialogs", "Sentiment", "Model", "default.cbsm"));
            var retrained = await File.ReadAllBytesAsync(output);
            Assert.True(committed.AsSpan().SequenceEqual(retrained),
                $"dialogs/Sentiment/Model/default.cbsm differs from a fresh train-sentiment --datasets run ({committed.Length} vs {retrained.Length} bytes); retrain and commit it.\n{log}");
            // And the embedded copy is that file.
            using var embedded = new MemoryStream();
            SentimentModel.Default.Write(embedded);
            Assert.Equal(committed, embedded.ToArray());
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
