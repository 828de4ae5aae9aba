using System.Diagnostics;
using HybridSearch.Search;

namespace HybridSearch.Evaluation.Synthetic;

/// <summary>
/// Writes <see cref="ClusteredVectors"/> into an index through its <see cref="IIndexWriter"/>, as precomputed vectors: one
/// passage per document, id <c>v{i}</c>, no text, and the vector's cluster as metadata <c>cluster</c> (for filtered
/// searches). The vectors are generated on every core while the index writes the previous batch.
/// </summary>
public static class SyntheticIndex
{
    /// <summary>Documents per <see cref="IIndexWriter.UpsertAsync"/> call.</summary>
    public const int BatchSize = 10_000;

    /// <summary>The id of vector <paramref name="index"/>.</summary>
    public static string IdOf(long index) => FormattableString.Invariant($"v{index}");

    /// <summary>
    /// Writes vectors <paramref name="first"/> … <paramref name="first"/> + <paramref name="count"/> − 1 and commits; returns
    /// the time it took. <paramref name="progress"/> receives the number written so far after each batch.
    /// </summary>
    public static async Task<TimeSpan> WriteAsync(
        IIndexWriter writer, ClusteredVectors vectors, long first, long count, IProgress<long>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(vectors);
        ArgumentOutOfRangeException.ThrowIfNegative(first);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var watch = Stopwatch.StartNew();
        await writer.EnsureIndexAsync(vectors.Identity, cancellationToken).ConfigureAwait(false);
        Task<EncodedDocument[]>? next = count > 0 ? Task.Run(() => Generate(vectors, first, (int)Math.Min(BatchSize, count)), cancellationToken) : null;
        long written = 0;
        while (next is not null)
        {
            var batch = await next.ConfigureAwait(false);
            var start = first + written + batch.Length;
            var remaining = count - written - batch.Length;
            next = remaining > 0
                ? Task.Run(() => Generate(vectors, start, (int)Math.Min(BatchSize, remaining)), cancellationToken)
                : null;
            var result = await writer.UpsertAsync(batch, cancellationToken).ConfigureAwait(false);
            if (result.Rejected.Count > 0)
            {
                var rejection = result.Rejected[0];
                throw new InvalidOperationException(
                    $"The index refused {result.Rejected.Count} synthetic documents, e.g. '{rejection.Id}': {rejection.Reason}");
            }

            written += batch.Length;
            progress?.Report(written);
        }

        await writer.CommitAsync(cancellationToken).ConfigureAwait(false);
        return watch.Elapsed;
    }

    private static EncodedDocument[] Generate(ClusteredVectors vectors, long first, int count)
    {
        var documents = new EncodedDocument[count];
        Parallel.For(0, count, i =>
        {
            var index = first + i;
            var vector = new float[vectors.Dimensions];
            vectors.Fill(index, vector);
            var metadata = new Dictionary<string, string>(1) { ["cluster"] = FormattableString.Invariant($"{vectors.ClusterOf(index)}") };
            var document = new SearchDocument(IdOf(index), string.Empty, metadata: metadata);
            documents[i] = new EncodedDocument(document, [new EncodedPassage(0, 0, vector)], "synthetic");
        });
        return documents;
    }
}
