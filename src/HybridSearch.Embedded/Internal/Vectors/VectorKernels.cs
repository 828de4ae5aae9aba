using System.Numerics.Tensors;

namespace HybridSearch.Embedded.Internal.Vectors;

/// <summary>
/// The similarity kernel of exact search: dot products of one query against many contiguous rows. Stand-in for Core's
/// <c>HybridSearch.Numerics.VectorMath.DotProducts</c> (same signature) until it lands on main; swapping is this one body.
/// </summary>
internal static class VectorKernels
{
    public static void DotProducts(ReadOnlySpan<float> query, ReadOnlySpan<float> rows, int dimensions, Span<float> scores)
    {
        var count = rows.Length / dimensions;
        for (var i = 0; i < count; i++)
        {
            scores[i] = TensorPrimitives.Dot(query, rows.Slice(i * dimensions, dimensions));
        }
    }
}
