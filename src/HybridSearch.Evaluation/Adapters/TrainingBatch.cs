namespace HybridSearch.Adapters;

/// <summary>
/// One optimiser step's examples in double precision: each example is a base query vector and its positive, scored
/// against a shared pool of candidate documents (every example's positive and hard negatives).
/// </summary>
/// <param name="Dimensions">Vector size.</param>
/// <param name="Queries">Examples × dimensions: base query vectors.</param>
/// <param name="Candidates">Candidates × dimensions: document vectors.</param>
/// <param name="Positives">Per example, the index of its positive among the candidates.</param>
/// <param name="Excluded">Examples × candidates: true for documents relevant to the example's query other than its positive,
/// which must not count as negatives.</param>
/// <param name="HardNegatives">Per example, candidate indices of its own hard negatives (used by the triplet loss).</param>
internal sealed record TrainingBatch(
    int Dimensions, double[] Queries, double[] Candidates, int[] Positives, bool[] Excluded, int[][] HardNegatives)
{
    public int Count => Positives.Length;

    public int CandidateCount => Candidates.Length / Dimensions;

    public ReadOnlySpan<double> Query(int example) => Queries.AsSpan(example * Dimensions, Dimensions);

    public ReadOnlySpan<double> Candidate(int candidate) => Candidates.AsSpan(candidate * Dimensions, Dimensions);

    public bool IsExcluded(int example, int candidate) => Excluded[(example * CandidateCount) + candidate];
}
