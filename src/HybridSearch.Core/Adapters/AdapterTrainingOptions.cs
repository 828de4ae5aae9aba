using System.Text.Json.Serialization;

namespace HybridSearch.Adapters;

/// <summary>Settings of the adapter trainer (<c>QueryAdapterTrainer</c>, in HybridSearch.Evaluation). Defaults suit a few hundred to a few thousand training queries.</summary>
public sealed class AdapterTrainingOptions
{
    /// <summary>Default <see cref="Loss"/>.</summary>
    public const AdapterLoss DefaultLoss = AdapterLoss.InfoNce;

    /// <summary>Default <see cref="Kind"/>.</summary>
    public const QueryAdapterKind DefaultKind = QueryAdapterKind.Full;

    /// <summary>Default <see cref="Rank"/>.</summary>
    public const int DefaultRank = 32;

    /// <summary>Default <see cref="Epochs"/>.</summary>
    public const int DefaultEpochs = 30;

    /// <summary>Default <see cref="BatchSize"/>.</summary>
    public const int DefaultBatchSize = 32;

    /// <summary>Default <see cref="LearningRate"/>.</summary>
    public const double DefaultLearningRate = 3e-4;

    /// <summary>Default <see cref="Temperature"/> (a logit scale of 20, as sentence-transformers uses).</summary>
    public const double DefaultTemperature = 0.05;

    /// <summary>Default <see cref="Margin"/>.</summary>
    public const double DefaultMargin = 0.1;

    /// <summary>Default <see cref="IdentityDecay"/>.</summary>
    public const double DefaultIdentityDecay = 0.01;

    /// <summary>Default <see cref="HardNegativesPerQuery"/>.</summary>
    public const int DefaultHardNegativesPerQuery = 4;

    /// <summary>Default <see cref="HardNegativeDepth"/>.</summary>
    public const int DefaultHardNegativeDepth = 30;

    /// <summary>Default <see cref="HoldoutFraction"/>.</summary>
    public const double DefaultHoldoutFraction = 0.15;

    /// <summary>Default <see cref="Patience"/>.</summary>
    public const int DefaultPatience = 5;

    /// <summary>Default <see cref="Seed"/>.</summary>
    public const int DefaultSeed = 42;

    /// <summary>InfoNCE or triplet.</summary>
    public AdapterLoss Loss { get; set; } = DefaultLoss;

    /// <summary>Full matrix or identity plus a low-rank correction.</summary>
    public QueryAdapterKind Kind { get; set; } = DefaultKind;

    /// <summary>Rank of a <see cref="QueryAdapterKind.LowRank"/> adapter (ignored for a full one).</summary>
    public int Rank { get; set; } = DefaultRank;

    /// <summary>Standard deviation of the initial <c>V</c> of a low-rank adapter, times 1/√d (<c>U</c> starts at zero).</summary>
    public double LowRankInitScale { get; set; } = 1.0;

    /// <summary>Passes over the training examples, at most (early stopping may end sooner).</summary>
    public int Epochs { get; set; } = DefaultEpochs;

    /// <summary>Examples (query, positive) per optimiser step; their positives are each other's in-batch negatives.</summary>
    public int BatchSize { get; set; } = DefaultBatchSize;

    /// <summary>Adam step size.</summary>
    public double LearningRate { get; set; } = DefaultLearningRate;

    /// <summary>Adam decay of the first moment.</summary>
    public double Beta1 { get; set; } = 0.9;

    /// <summary>Adam decay of the second moment.</summary>
    public double Beta2 { get; set; } = 0.999;

    /// <summary>Adam's guard against division by zero.</summary>
    public double Epsilon { get; set; } = 1e-8;

    /// <summary>
    /// Decoupled weight decay towards the identity map (AdamW-style): each step moves the parameters a fraction
    /// <c>LearningRate × IdentityDecay</c> back towards <c>W = I</c> (full) or <c>U = V = 0</c> (low rank). 0 turns it off.
    /// </summary>
    public double IdentityDecay { get; set; } = DefaultIdentityDecay;

    /// <summary>InfoNCE temperature τ: logits are dot products divided by τ.</summary>
    public double Temperature { get; set; } = DefaultTemperature;

    /// <summary>Triplet margin, in dot-product (cosine) units.</summary>
    public double Margin { get; set; } = DefaultMargin;

    /// <summary>Hard negatives sampled per example from the query's mined pool; 0 uses in-batch negatives only.</summary>
    public int HardNegativesPerQuery { get; set; } = DefaultHardNegativesPerQuery;

    /// <summary>
    /// The mined pool: this many top-ranked non-relevant documents by the current adapted query vector, re-mined every epoch,
    /// plus the first this-many supplied negatives (BM25 or a JSONL file's).
    /// </summary>
    public int HardNegativeDepth { get; set; } = DefaultHardNegativeDepth;

    /// <summary>Ranked documents skipped before the pool starts (top hits unjudged but relevant are common false negatives).</summary>
    public int HardNegativeSkip { get; set; }

    /// <summary>Fraction of the queries held out for early stopping (0 trains on all and keeps the last epoch).</summary>
    public double HoldoutFraction { get; set; } = DefaultHoldoutFraction;

    /// <summary>How the held-out queries pick the best epoch.</summary>
    public EarlyStoppingMetric EarlyStopping { get; set; } = EarlyStoppingMetric.NdcgAt10;

    /// <summary>Epochs without improvement on the held-out queries before training stops.</summary>
    public int Patience { get; set; } = DefaultPatience;

    /// <summary>Seeds the split, the initialisation, the shuffles and the negative sampling: same seed, same bytes.</summary>
    public int Seed { get; set; } = DefaultSeed;

    /// <summary>Threads used to mine negatives and score held-out queries (results do not depend on it, so it is not saved).</summary>
    [JsonIgnore]
    public int MaxDegreeOfParallelism { get; set; } = Environment.ProcessorCount;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Epochs, 0, nameof(Epochs));
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
        ThrowIfNotPositive(LearningRate, nameof(LearningRate));
        ThrowIfNotPositive(Temperature, nameof(Temperature));
        ThrowIfNotPositive(Epsilon, nameof(Epsilon));
        ThrowIfOutside(Beta1, 0, 1, nameof(Beta1));
        ThrowIfOutside(Beta2, 0, 1, nameof(Beta2));
        ThrowIfOutside(HoldoutFraction, 0, 0.9, nameof(HoldoutFraction));
        ArgumentOutOfRangeException.ThrowIfNegative(IdentityDecay, nameof(IdentityDecay));
        ArgumentOutOfRangeException.ThrowIfNegative(Margin, nameof(Margin));
        ArgumentOutOfRangeException.ThrowIfNegative(LowRankInitScale, nameof(LowRankInitScale));
        ArgumentOutOfRangeException.ThrowIfNegative(HardNegativesPerQuery, nameof(HardNegativesPerQuery));
        ArgumentOutOfRangeException.ThrowIfNegative(HardNegativeSkip, nameof(HardNegativeSkip));
        ArgumentOutOfRangeException.ThrowIfLessThan(HardNegativeDepth, HardNegativesPerQuery, nameof(HardNegativeDepth));
        ArgumentOutOfRangeException.ThrowIfLessThan(Patience, 1, nameof(Patience));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDegreeOfParallelism, 1, nameof(MaxDegreeOfParallelism));
        if (Kind == QueryAdapterKind.LowRank)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(Rank, 1, nameof(Rank));
        }
    }

    /// <summary>A copy, so that a trained adapter records the settings it was trained with.</summary>
    public AdapterTrainingOptions Clone() => (AdapterTrainingOptions)MemberwiseClone();

    private static void ThrowIfNotPositive(double value, string name)
    {
        if (!(value > 0) || double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be a positive finite number.");
        }
    }

    private static void ThrowIfOutside(double value, double min, double maxExclusive, string name)
    {
        if (!(value >= min && value < maxExclusive))
        {
            throw new ArgumentOutOfRangeException(name, value, $"{name} must be in [{min}, {maxExclusive}).");
        }
    }
}
