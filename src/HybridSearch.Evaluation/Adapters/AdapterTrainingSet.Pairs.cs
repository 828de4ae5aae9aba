using System.Globalization;
using HybridSearch.Encoders;

namespace HybridSearch.Adapters;

public sealed partial class AdapterTrainingSet
{
    private const int EncodeBatchSize = 64;

    /// <summary>
    /// A training set from text pairs: each distinct query is encoded once by <paramref name="baseQueryEncoder"/> and each
    /// distinct positive or negative text once by <paramref name="documentEncoder"/>; those texts form the corpus that hard
    /// negatives are mined from. A query repeated with several positives has them all as relevant.
    /// </summary>
    /// <param name="pairs">The pairs (see <see cref="TrainingPairReader"/>).</param>
    /// <param name="baseQueryEncoder">The query tower WITHOUT an adapter (its prefix included), such as a dual encoder's query side.</param>
    /// <param name="documentEncoder">The frozen document tower; the trained adapter records its identity.</param>
    /// <param name="cancellationToken">Cancels the encoding.</param>
    public static async Task<AdapterTrainingSet> FromPairsAsync(
        IReadOnlyList<TrainingPair> pairs, ITextEncoder baseQueryEncoder, ITextEncoder documentEncoder,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(baseQueryEncoder);
        ArgumentNullException.ThrowIfNull(documentEncoder);
        if (baseQueryEncoder.GetQueryAdapter() is not null)
        {
            throw new ArgumentException("Train from the base query encoder, not one that already has an adapter.", nameof(baseQueryEncoder));
        }

        if (baseQueryEncoder.Identity.Dimensions != documentEncoder.Identity.Dimensions)
        {
            throw new ArgumentException(
                $"The query encoder {baseQueryEncoder.Identity} and the document encoder {documentEncoder.Identity} differ in size.",
                nameof(baseQueryEncoder));
        }

        var queries = new Dictionary<string, int>(StringComparer.Ordinal);
        var documents = new Dictionary<string, int>(StringComparer.Ordinal);
        var judgements = new List<RelevanceJudgement>(pairs.Count);
        var negatives = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        for (var i = 0; i < pairs.Count; i++)
        {
            var pair = pairs[i] ?? throw new ArgumentException($"pairs[{i}] is null.", nameof(pairs));
            var queryId = Id('q', queries, pair.Query ?? throw new ArgumentException($"pairs[{i}] has no query.", nameof(pairs)));
            var positiveId = Id('d', documents, pair.Positive ?? throw new ArgumentException($"pairs[{i}] has no positive.", nameof(pairs)));
            judgements.Add(new RelevanceJudgement(queryId, positiveId, 1));
            foreach (var negative in pair.Negatives ?? [])
            {
                var negativeId = Id('d', documents, negative ?? throw new ArgumentException($"pairs[{i}] has a null negative.", nameof(pairs)));
                if (!negatives.TryGetValue(queryId, out var list))
                {
                    negatives[queryId] = list = [];
                }

                list.Add(negativeId);
            }
        }

        var queryVectors = await EncodeAllAsync(baseQueryEncoder, queries.Keys, cancellationToken).ConfigureAwait(false);
        var documentVectors = await EncodeAllAsync(documentEncoder, documents.Keys, cancellationToken).ConfigureAwait(false);
        var supplied = new Dictionary<string, IReadOnlyList<string>>(negatives.Count, StringComparer.Ordinal);
        foreach (var (queryId, list) in negatives)
        {
            supplied[queryId] = list;
        }

        return Create(
            documentEncoder.Identity, Ids('d', documents.Count), documentVectors, Ids('q', queries.Count), queryVectors, judgements, supplied);
    }

    private static string Id(char prefix, Dictionary<string, int> ids, string text)
    {
        if (!ids.TryGetValue(text, out var index))
        {
            index = ids.Count;
            ids[text] = index;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{prefix}{index}");
    }

    private static string[] Ids(char prefix, int count)
    {
        var ids = new string[count];
        for (var i = 0; i < count; i++)
        {
            ids[i] = string.Create(CultureInfo.InvariantCulture, $"{prefix}{i}");
        }

        return ids;
    }

    // Dictionary keys enumerate in insertion order when nothing was removed, which matches the ids handed out above.
    private static async Task<float[]> EncodeAllAsync(ITextEncoder encoder, IEnumerable<string> texts, CancellationToken cancellationToken)
    {
        var all = texts.ToArray();
        var d = encoder.Identity.Dimensions;
        var vectors = new float[all.Length * d];
        for (var start = 0; start < all.Length; start += EncodeBatchSize)
        {
            var count = Math.Min(EncodeBatchSize, all.Length - start);
            await encoder.EncodeAsync(
                new ArraySegment<string>(all, start, count), vectors.AsMemory(start * d, count * d), cancellationToken).ConfigureAwait(false);
        }

        return vectors;
    }
}
