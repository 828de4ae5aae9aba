using System.Text.Json.Serialization;

namespace HybridSearch.Adapters;

/// <summary>Figures after one epoch of the adapter trainer (<c>QueryAdapterTrainer</c>, in HybridSearch.Evaluation) (epoch 0: the identity map, before any step).</summary>
/// <param name="Epoch">1-based epoch; 0 for the starting point.</param>
/// <param name="TrainingLoss">Mean training loss over the epoch's batches (NaN for epoch 0).</param>
/// <param name="HeldOutNdcgAt10">nDCG@10 of the held-out queries over all documents (NaN with no held-out queries).</param>
/// <param name="HeldOutLoss">Full-corpus softmax cross-entropy of the held-out queries (NaN with no held-out queries).</param>
public sealed record AdapterEpoch(int Epoch, double TrainingLoss, double HeldOutNdcgAt10, double HeldOutLoss)
{
    /// <summary>Wall time of the epoch, mining and evaluation included. Not saved, so that files are reproducible.</summary>
    [JsonIgnore]
    public double Seconds { get; init; }
}
