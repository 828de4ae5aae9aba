using System.Buffers;
using System.Numerics.Tensors;
using HybridSearch.Numerics;

namespace HybridSearch.Embedded.Internal.Vectors;

/// <summary>
/// Exact int8 search with float32 rescoring: every live row is scored against the int8 query (a quarter of the bytes of a
/// float32 scan), the best <c>rescore</c> documents by that estimate become candidates, and each candidate is scored again
/// from its float32 rows, so the scores returned are the exact float32 ones and only the choice of candidates is approximate.
/// </summary>
internal static class Int8Search
{
    private const int ChunkRows = 2048;

    public static List<VectorHit> Run(
        VectorSnapshot snapshot, ReadOnlySpan<float> query, int k, int rescore, AllowedDocuments? allowed)
    {
        var quantizedQuery = new sbyte[query.Length];
        Int8Quantization.Quantize(query, quantizedQuery);
        var candidates = new TopHits(Math.Max(k, rescore));
        var products = ArrayPool<int>.Shared.Rent(ChunkRows);
        var estimates = ArrayPool<float>.Shared.Rent(ChunkRows);
        try
        {
            foreach (var view in snapshot.Segments)
            {
                if (view.LiveDocuments > 0)
                {
                    ScanSegment(view, quantizedQuery, allowed, ref products, ref estimates, candidates);
                }
            }

            var top = new TopHits(k);
            foreach (var candidate in candidates.ToList())
            {
                top.Offer(ExactSearch.BestPassage(candidate.View, candidate.Ordinal, query, ref estimates));
            }

            return top.ToList();
        }
        finally
        {
            ArrayPool<int>.Shared.Return(products);
            ArrayPool<float>.Shared.Return(estimates);
        }
    }

    private static void ScanSegment(
        SegmentView view, sbyte[] query, AllowedDocuments? allowed, ref int[] products, ref float[] estimates, TopHits candidates)
    {
        var segment = view.Segment;
        var quantized = segment.Quantized;
        var next = 0;
        while (next < segment.DocumentCount)
        {
            var first = next;
            next = DocumentRuns.End(segment, first, products.Length);
            var firstRow = segment.RowStarts[first];
            var rows = (int)(segment.RowStarts[next] - firstRow);
            DocumentRuns.EnsureCapacity(ref products, rows);
            DocumentRuns.EnsureCapacity(ref estimates, rows);
            var scores = estimates.AsSpan(0, rows);
            VectorMath.DotProducts(query, quantized.GetRows(firstRow, rows), segment.Dimensions, products.AsSpan(0, rows));

            // Exact in float32: |product| ≤ dimensions × 127² stays below 2²⁴. The query's own scale is one factor for every
            // row, so it cannot change the order and is left out.
            TensorPrimitives.ConvertTruncating<int, float>(products.AsSpan(0, rows), scores);
            TensorPrimitives.Multiply(scores, quantized.GetScales(firstRow, rows), scores);
            for (var d = first; d < next; d++)
            {
                if (!view.IsLive(d) || (allowed is not null && !allowed.Contains(segment, d)))
                {
                    continue;
                }

                var passages = scores.Slice((int)(segment.RowStarts[d] - firstRow), segment.RowsOf(d));
                var best = DocumentRuns.Best(passages);
                if (candidates.WouldAccept(passages[best]))
                {
                    candidates.Offer(new VectorHit(view, d, best, passages[best]));
                }
            }
        }
    }
}
