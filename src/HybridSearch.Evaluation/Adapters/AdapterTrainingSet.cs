using HybridSearch.Encoders;

namespace HybridSearch.Adapters;

/// <summary>
/// What <see cref="QueryAdapterTrainer"/> learns from: cached document vectors (the frozen document tower), base query
/// vectors (the frozen query tower before any adapter, prefix included) and which documents are relevant to which query.
/// Build one from a BEIR split with <see cref="Create"/> or from text pairs with <see cref="FromPairsAsync"/>.
/// </summary>
public sealed partial class AdapterTrainingSet
{
    private readonly string[] _documentIds;
    private readonly string[] _queryIds;

    private AdapterTrainingSet(
        EncoderIdentity documentEncoder, string[] documentIds, float[] documentVectors, string[] queryIds, float[] queryVectors,
        int[][] relevant, int[][] grades, int[][] suppliedNegatives)
    {
        DocumentEncoder = documentEncoder;
        _documentIds = documentIds;
        DocumentVectors = documentVectors;
        _queryIds = queryIds;
        QueryVectors = queryVectors;
        Relevant = relevant;
        Grades = grades;
        SuppliedNegatives = suppliedNegatives;
    }

    /// <summary>The document encoder the document vectors came from; the trained adapter records it.</summary>
    public EncoderIdentity DocumentEncoder { get; }

    /// <summary>Vector size.</summary>
    public int Dimensions => DocumentEncoder.Dimensions;

    /// <summary>Document ids, in the order of the document vectors.</summary>
    public IReadOnlyList<string> DocumentIds => _documentIds;

    /// <summary>Query ids, in the order of the query vectors.</summary>
    public IReadOnlyList<string> QueryIds => _queryIds;

    /// <summary>Documents × dimensions, row-major.</summary>
    internal float[] DocumentVectors { get; }

    /// <summary>Queries × dimensions, row-major: base query vectors, before any adapter.</summary>
    internal float[] QueryVectors { get; }

    /// <summary>Per query, the indices of its relevant documents (grade above 0), ascending.</summary>
    internal int[][] Relevant { get; }

    /// <summary>Per query, the grade of each document in <see cref="Relevant"/>.</summary>
    internal int[][] Grades { get; }

    /// <summary>Per query, caller-supplied negatives (BM25 hits, a JSONL file's) as document indices, hardest first.</summary>
    internal int[][] SuppliedNegatives { get; }

    /// <summary>
    /// A training set over cached vectors: <paramref name="documentVectors"/> holds one row per id of
    /// <paramref name="documentIds"/>, <paramref name="baseQueryVectors"/> one per id of <paramref name="queryIds"/>.
    /// Queries without a relevant document are kept but not trained on.
    /// </summary>
    /// <param name="documentEncoder">Identity of the model that produced the document vectors.</param>
    /// <param name="documentIds">Document ids (unique).</param>
    /// <param name="documentVectors">Documents × dimensions, row-major.</param>
    /// <param name="queryIds">Query ids (unique).</param>
    /// <param name="baseQueryVectors">Queries × dimensions: the query tower's output before any adapter.</param>
    /// <param name="judgements">Relevance judgements; every id must be among the given ones.</param>
    /// <param name="suppliedNegatives">Optional non-relevant document ids per query id, hardest first (BM25 negatives).</param>
    /// <exception cref="ArgumentException">A size does not match, an id repeats, or a judgement names an unknown id.</exception>
    public static AdapterTrainingSet Create(
        EncoderIdentity documentEncoder,
        IReadOnlyList<string> documentIds,
        ReadOnlyMemory<float> documentVectors,
        IReadOnlyList<string> queryIds,
        ReadOnlyMemory<float> baseQueryVectors,
        IEnumerable<RelevanceJudgement> judgements,
        IReadOnlyDictionary<string, IReadOnlyList<string>>? suppliedNegatives = null)
    {
        ArgumentNullException.ThrowIfNull(documentEncoder);
        ArgumentNullException.ThrowIfNull(documentIds);
        ArgumentNullException.ThrowIfNull(queryIds);
        ArgumentNullException.ThrowIfNull(judgements);
        var d = documentEncoder.Dimensions;
        CheckSize(documentVectors.Length, documentIds.Count, d, nameof(documentVectors));
        CheckSize(baseQueryVectors.Length, queryIds.Count, d, nameof(baseQueryVectors));
        var documentIndex = IndexIds(documentIds, nameof(documentIds));
        var queryIndex = IndexIds(queryIds, nameof(queryIds));

        var relevant = new SortedDictionary<int, int>[queryIds.Count];
        foreach (var judgement in judgements)
        {
            var q = Lookup(queryIndex, judgement.QueryId, "query", nameof(judgements));
            var doc = Lookup(documentIndex, judgement.DocumentId, "document", nameof(judgements));
            if (judgement.Grade > 0)
            {
                (relevant[q] ??= [])[doc] = judgement.Grade;
            }
        }

        var relevantDocs = new int[queryIds.Count][];
        var grades = new int[queryIds.Count][];
        var negatives = new int[queryIds.Count][];
        for (var q = 0; q < queryIds.Count; q++)
        {
            relevantDocs[q] = relevant[q] is { } r ? [.. r.Keys] : [];
            grades[q] = relevant[q] is { } g ? [.. g.Values] : [];
            negatives[q] = [];
            if (suppliedNegatives is not null && suppliedNegatives.TryGetValue(queryIds[q], out var ids))
            {
                var list = new List<int>(ids.Count);
                foreach (var id in ids)
                {
                    var doc = Lookup(documentIndex, id, "document", nameof(suppliedNegatives));
                    if (Array.BinarySearch(relevantDocs[q], doc) < 0 && !list.Contains(doc))
                    {
                        list.Add(doc);
                    }
                }

                negatives[q] = [.. list];
            }
        }

        return new AdapterTrainingSet(
            documentEncoder, [.. documentIds], documentVectors.ToArray(), [.. queryIds], baseQueryVectors.ToArray(),
            relevantDocs, grades, negatives);
    }

    private static void CheckSize(int length, int rows, int dimensions, string name)
    {
        if (length != (long)rows * dimensions)
        {
            throw new ArgumentException($"{name} holds {length} floats, not {rows} rows × {dimensions} dimensions.", name);
        }
    }

    private static Dictionary<string, int> IndexIds(IReadOnlyList<string> ids, string name)
    {
        var index = new Dictionary<string, int>(ids.Count, StringComparer.Ordinal);
        for (var i = 0; i < ids.Count; i++)
        {
            if (ids[i] is null || !index.TryAdd(ids[i], i))
            {
                throw new ArgumentException($"{name}[{i}] is null or repeats the id '{ids[i]}'.", name);
            }
        }

        return index;
    }

    private static int Lookup(Dictionary<string, int> index, string id, string what, string name) =>
        id is not null && index.TryGetValue(id, out var i)
            ? i
            : throw new ArgumentException($"{name} names the {what} id '{id}', which has no vector.", name);
}
