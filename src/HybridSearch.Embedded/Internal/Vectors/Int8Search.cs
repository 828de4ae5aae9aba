using System.Buffers;
using System.Numerics.Tensors;
using HybridSearch.Numerics;

namespace HybridSearch.Embedded.Internal.Vectors;

/// <summary>
/// Exact int8 search with float32 rescoring: every live row is scored against the int8 query (a quarter of the bytes of a
/// float32 scan), on up to <c>threads</c> threads, the best <c>rescore</c> documents by that estimate become candidates,
/// and each candidate is scored again from its float32 rows, so the scores returned are the exact float32 ones and only
/// the choice of candidates is approximate.
/// </summary>
internal static class Int8Search
{
    private const int ChunkRows = 2048;

    public static List<VectorHit> Run(
        VectorSnapshot snapshot, ReadOnlySpan<float> query, int k, int rescore, AllowedDocuments? allowed, int threads)
    {
        var quantizedQuery = new sbyte[query.Length];
        Int8Quantization.Quantize(query, quantizedQuery);
        var candidates = ScanPlan.Run(snapshot, Math.Max(k, rescore), threads, (range, top) => ScanRange(range, quantizedQuery, allowed, top));
        var top = new TopHits(k);
        var buffer = ArrayPool<float>.Shared.Rent(ChunkRows);
        try
        {
            foreach (var candidate in candidates.ToList())
            {
                top.Offer(ExactSearch.BestPassage(candidate.View, candidate.Ordinal, query, ref buffer));
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }

        return top.ToList();
    }

    private static void ScanRange(ScanRange range, sbyte[] query, AllowedDocuments? allowed, TopHits candidates)
    {
        var segment = range.View.Segment;
        var quantized = segment.Quantized;
        var products = ArrayPool<int>.Shared.Rent(ChunkRows);
        var estimates = ArrayPool<float>.Shared.Rent(ChunkRows);
        try
        {
            var next = range.First;
            while (next < range.End)
            {
                var first = next;
                next = Math.Min(range.End, DocumentRuns.End(segment, first, products.Length));
                var firstRow = segment.RowStarts[first];
                var rows = (int)(segment.RowStarts[next] - firstRow);
                DocumentRuns.EnsureCapacity(ref products, rows);
                DocumentRuns.EnsureCapacity(ref estimates, rows);
                var scores = estimates.AsSpan(0, rows);
                VectorMath.DotProducts(query, quantized.GetRows(firstRow, rows), segment.Dimensions, products.AsSpan(0, rows));

                // Exact in float32 up to 1,040 dimensions (|product| ≤ dimensions × 127² < 2²⁴), and an estimate anyway. The
                // query's own scale is one factor for every row, so it cannot change the order and is left out.
                TensorPrimitives.ConvertTruncating<int, float>(products.AsSpan(0, rows), scores);
                TensorPrimitives.Multiply(scores, quantized.GetScales(firstRow, rows), scores);
                DocumentRuns.OfferBest(range.View, first, scores, allowed, candidates);
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(products);
            ArrayPool<float>.Shared.Return(estimates);
        }
    }
}
