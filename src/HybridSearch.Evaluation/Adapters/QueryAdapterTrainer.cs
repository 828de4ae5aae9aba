using System.Diagnostics;

namespace HybridSearch.Adapters;

/// <summary>
/// Trains a <see cref="QueryAdapter"/> over cached vectors: mini-batch Adam on InfoNCE (in-batch plus mined hard negatives)
/// or a triplet margin loss, decay towards the identity, early stopping on held-out queries. Deterministic: the same set,
/// options and seed give the same adapter bytes (the thread count does not matter).
/// </summary>
public static partial class QueryAdapterTrainer
{
    /// <summary>
    /// Trains an adapter on <paramref name="set"/> and returns the parameters of the best epoch on the held-out queries (the
    /// last epoch when nothing is held out), with the settings and per-epoch figures in <see cref="QueryAdapter.Training"/>.
    /// </summary>
    /// <param name="set">Cached document and base query vectors with relevance judgements.</param>
    /// <param name="options">Settings; null for the defaults.</param>
    /// <param name="progress">Told the figures of every epoch, epoch 0 (the identity) first.</param>
    /// <param name="cancellationToken">Checked between batches.</param>
    /// <exception cref="ArgumentException">The set has too few queries with a relevant document.</exception>
    public static QueryAdapter Train(
        AdapterTrainingSet set, AdapterTrainingOptions? options = null, IProgress<AdapterEpoch>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(set);
        options = options?.Clone() ?? new AdapterTrainingOptions();
        options.Validate();
        var random = new Random(options.Seed);
        var (training, heldOut) = SplitQueries(set, options.HoldoutFraction, random);
        return TrainCore(set, options, training, heldOut, random, progress, cancellationToken);
    }

    private static QueryAdapter TrainCore(
        AdapterTrainingSet set, AdapterTrainingOptions options, int[] training, int[] heldOut, Random random,
        IProgress<AdapterEpoch>? progress, CancellationToken cancellationToken)
    {
        var rank = options.Kind == QueryAdapterKind.Full ? 0 : options.Rank;
        QueryAdapter.ValidateShape(options.Kind, set.Dimensions, rank);
        var parameters = AdapterParameters.CreateIdentity(options.Kind, set.Dimensions, rank, options.LowRankInitScale, random);
        var optimizer = new AdamOptimizer(parameters.Values.Length, options, parameters.CreateAnchor());
        var gradient = new double[parameters.Values.Length];
        var examples = TrainingExamples(set, training);

        var clock = Stopwatch.StartNew();
        var current = Snapshot(parameters, set, null);
        var first = EvaluateHeldOut(set, heldOut, current, options, epoch: 0, trainingLoss: double.NaN) with { Seconds = clock.Elapsed.TotalSeconds };
        var epochs = new List<AdapterEpoch> { first };
        progress?.Report(first);
        var best = (Epoch: first, Parameters: parameters.Clone());
        var sinceBest = 0;
        for (var epoch = 1; epoch <= options.Epochs; epoch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            clock.Restart();
            var pools = options.HardNegativesPerQuery > 0 ? MineHardNegatives(set, training, current, options) : null;
            Shuffle(examples, random);
            var lossSum = 0.0;
            var batches = 0;
            for (var start = 0; start < examples.Length; start += options.BatchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var slice = examples.AsSpan(start, Math.Min(options.BatchSize, examples.Length - start));
                var batch = BuildBatch(set, slice, pools, options.HardNegativesPerQuery, random);
                Array.Clear(gradient);
                lossSum += ContrastiveObjective.Evaluate(parameters, batch, options.Loss, options.Temperature, options.Margin, gradient);
                optimizer.Step(parameters.Values, gradient);
                batches++;
            }

            current = Snapshot(parameters, set, null);
            var record = EvaluateHeldOut(set, heldOut, current, options, epoch, lossSum / Math.Max(1, batches))
                with { Seconds = clock.Elapsed.TotalSeconds };
            epochs.Add(record);
            progress?.Report(record);
            if (heldOut.Length == 0 || IsBetter(record, best.Epoch, options.EarlyStopping))
            {
                best = (record, parameters.Clone());
                sinceBest = 0;
            }
            else if (++sinceBest >= options.Patience)
            {
                break;
            }
        }

        var info = new AdapterTrainingInfo(options, training.Length, heldOut.Length, best.Epoch.Epoch, epochs);
        return Snapshot(best.Parameters, set, info);
    }

    private static bool IsBetter(AdapterEpoch candidate, AdapterEpoch best, EarlyStoppingMetric metric) =>
        metric == EarlyStoppingMetric.NdcgAt10
            ? candidate.HeldOutNdcgAt10 > best.HeldOutNdcgAt10
            : candidate.HeldOutLoss < best.HeldOutLoss;

    private static QueryAdapter Snapshot(AdapterParameters parameters, AdapterTrainingSet set, AdapterTrainingInfo? info) =>
        QueryAdapter.Create(parameters.Kind, parameters.Dimensions, parameters.Rank, parameters.ToSingle(), set.DocumentEncoder, info);
}
