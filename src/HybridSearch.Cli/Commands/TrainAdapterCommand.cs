using System.CommandLine;
using System.Globalization;
using HybridSearch.Adapters;
using HybridSearch.Chunking;
using HybridSearch.Encoders;
using HybridSearch.Evaluation;

namespace HybridSearch.Cli.Commands;

/// <summary>
/// <c>train-adapter --dataset DIR --split train --model M --output F</c>: trains the query-side adapter of an asymmetric
/// dual encoder over the frozen document encoder. Document vectors come from the evaluation cache (one vector per
/// document, truncated at the model's limit), so nothing is re-encoded after the first run.
/// </summary>
internal static class TrainAdapterCommand
{
    public static Command Create()
    {
        var dataset = new Option<string>("--dataset") { Description = "BEIR folder: corpus.jsonl, queries.jsonl, qrels/<split>.tsv", Required = true };
        var split = new Option<string>("--split") { Description = "qrels split to train on", DefaultValueFactory = _ => "train" };
        var model = new Option<string>("--model") { Description = "Packaged model name or model folder", DefaultValueFactory = _ => EncoderLoader.DefaultModel };
        var output = new Option<string>("--output") { Description = "Adapter file to write", Required = true };
        var loss = new Option<string>("--loss") { Description = "infonce | triplet", DefaultValueFactory = _ => "infonce" };
        loss.AcceptOnlyFromAmong("infonce", "triplet");
        var rank = new Option<int>("--rank") { Description = "0: full matrix; r > 0: low-rank (rank r) plus identity" };
        var epochs = new Option<int>("--epochs") { Description = "Most epochs", DefaultValueFactory = _ => AdapterTrainingOptions.DefaultEpochs };
        var seed = new Option<int>("--seed") { Description = "Random seed", DefaultValueFactory = _ => AdapterTrainingOptions.DefaultSeed };
        var cache = new Option<string?>("--cache") { Description = "Embedding cache folder (default: ~/.cache/hybridsearch/eval)" };
        var command = new Command("train-adapter", "Train a query-side adapter on a BEIR split over frozen document vectors");
        foreach (var option in new Option[] { dataset, split, model, output, loss, rank, epochs, seed, cache })
        {
            command.Options.Add(option);
        }

        command.SetAction((r, cancellationToken) => RunAsync(
            r.GetValue(dataset)!, r.GetValue(split)!, r.GetValue(model)!, r.GetValue(output)!, r.GetValue(cache),
            new AdapterTrainingOptions
            {
                Loss = r.GetValue(loss) == "triplet" ? AdapterLoss.Triplet : AdapterLoss.InfoNce,
                Kind = r.GetValue(rank) > 0 ? QueryAdapterKind.LowRank : QueryAdapterKind.Full,
                Rank = r.GetValue(rank) > 0 ? r.GetValue(rank) : AdapterTrainingOptions.DefaultRank,
                Epochs = r.GetValue(epochs),
                Seed = r.GetValue(seed),
            },
            cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(
        string datasetPath, string split, string model, string output, string? cache, AdapterTrainingOptions options, CancellationToken cancellationToken)
    {
        var dataset = await BeirDataset.LoadAsync(datasetPath, split, cancellationToken);
        var encoder = EncoderLoader.Load(model);
        var documents = await EvaluationCorpus.EncodeAsync(
            dataset, encoder, new ChunkingOptions { Mode = ChunkingMode.Truncate }, EvaluationCorpus.CacheDirectory(cache), Console.Error,
            cancellationToken);

        var dimensions = encoder.Dimensions;
        var documentIds = new string[documents.Count];
        var documentVectors = new float[documents.Count * dimensions];
        for (var i = 0; i < documents.Count; i++)
        {
            documentIds[i] = documents[i].Document.Id;
            documents[i].Passages[0].Vector.CopyTo(documentVectors.AsSpan(i * dimensions, dimensions));
        }

        // The frozen query tower (prefix included), before any adapter: what the adapter learns to correct.
        var queryIds = dataset.Queries.Select(q => q.Id).ToList();
        var queryVectors = await encoder.QueryEncoder.EncodeAsync(dataset.Queries.Select(q => q.Text).ToList(), cancellationToken);
        var known = new HashSet<string>(documentIds, StringComparer.Ordinal);
        var judgements = new List<RelevanceJudgement>();
        foreach (var (queryId, relevant) in dataset.Qrels)
        {
            foreach (var (documentId, grade) in relevant)
            {
                if (!known.Contains(documentId))
                {
                    throw new CliException($"{dataset.Directory}/qrels/{split}.tsv: query '{queryId}' judges document '{documentId}', which the corpus lacks");
                }

                judgements.Add(new RelevanceJudgement(queryId, documentId, grade));
            }
        }

        var set = AdapterTrainingSet.Create(encoder.DocumentIdentity, documentIds, documentVectors, queryIds, queryVectors, judgements);
        var progress = new Progress<AdapterEpoch>(e => Console.Error.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"epoch {e.Epoch,3}: training loss {e.TrainingLoss:F4}, held-out nDCG@10 {e.HeldOutNdcgAt10:F4}, held-out loss {e.HeldOutLoss:F4}")));
        var adapter = QueryAdapterTrainer.Train(set, options, progress, cancellationToken);
        await QueryAdapterFile.SaveAsync(adapter, output, cancellationToken);
        Console.WriteLine($"Wrote {output}: {options.Loss} adapter over {encoder.DocumentIdentity} trained on {queryIds.Count} {split} queries.");
        return 0;
    }
}
