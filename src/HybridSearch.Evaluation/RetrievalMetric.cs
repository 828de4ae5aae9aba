namespace HybridSearch.Evaluation;

/// <summary>The retrieval metrics, each cut at a rank k; definitions are those of trec_eval as used by pytrec_eval and BEIR.</summary>
public enum RetrievalMetric
{
    /// <summary>
    /// trec_eval <c>ndcg_cut.k</c>: DCG = Σ over ranks i ≤ k of rel_i / log2(i + 1) (gain = the qrels relevance, linear),
    /// divided by the DCG of the ideal ranking of the judged relevances, cut at k. 0 when nothing is relevant.
    /// </summary>
    Ndcg,

    /// <summary>trec_eval <c>recall.k</c>: relevant documents (rel ≥ 1) in the top k / relevant documents judged.</summary>
    Recall,

    /// <summary>BEIR <c>MRR@k</c>: 1 / rank of the first relevant document in the top k, else 0.</summary>
    ReciprocalRank,

    /// <summary>
    /// trec_eval <c>map_cut.k</c>: Σ over relevant documents at ranks i ≤ k of (relevant in the top i) / i, divided by the
    /// number of relevant documents judged (not by min(k, relevant)).
    /// </summary>
    AveragePrecision,
}
