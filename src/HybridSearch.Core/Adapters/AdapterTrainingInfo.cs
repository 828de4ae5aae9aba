namespace HybridSearch.Adapters;

/// <summary>What an adapter file records about its training.</summary>
/// <param name="Settings">The options it was trained with.</param>
/// <param name="TrainingQueries">Queries trained on.</param>
/// <param name="HeldOutQueries">Queries held out for early stopping.</param>
/// <param name="BestEpoch">The epoch whose parameters were kept (0: the identity was never beaten).</param>
/// <param name="Epochs">Figures of every epoch run, epoch 0 first.</param>
public sealed record AdapterTrainingInfo(
    AdapterTrainingOptions Settings, int TrainingQueries, int HeldOutQueries, int BestEpoch, IReadOnlyList<AdapterEpoch> Epochs);
