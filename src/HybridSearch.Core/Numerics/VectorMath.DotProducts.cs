using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace HybridSearch.Numerics;

public static partial class VectorMath
{
    /// <summary>
    /// Computes the dot product of <paramref name="query"/> with each row of <paramref name="rows"/>, a row-major matrix of
    /// <c>rows.Length / dimensions</c> rows, into <paramref name="scores"/> (score <c>i</c> for row <c>i</c>).
    /// </summary>
    /// <param name="query">The query vector, <paramref name="dimensions"/> long.</param>
    /// <param name="rows">Contiguous rows of <paramref name="dimensions"/> floats each.</param>
    /// <param name="dimensions">Length of the query and of every row; at least 1.</param>
    /// <param name="scores">Receives one score per row; at least as long as the number of rows.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="dimensions"/> is not positive.</exception>
    /// <exception cref="ArgumentException">A span's length does not match <paramref name="dimensions"/>.</exception>
    public static void DotProducts(ReadOnlySpan<float> query, ReadOnlySpan<float> rows, int dimensions, Span<float> scores)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimensions);
        if (query.Length != dimensions)
        {
            throw new ArgumentException($"The query has {query.Length} floats; expected {dimensions}.", nameof(query));
        }

        if (rows.Length % dimensions != 0)
        {
            throw new ArgumentException(
                $"The rows hold {rows.Length} floats, not a whole number of {dimensions}-float rows.", nameof(rows));
        }

        var count = rows.Length / dimensions;
        if (scores.Length < count)
        {
            throw new ArgumentException($"The scores span holds {scores.Length} floats; {count} rows need {count}.", nameof(scores));
        }

        DotProductsCore(query, rows, dimensions, count, scores);
    }

    /// <summary>Trusts its input: query is <paramref name="dimensions"/> long, rows hold <paramref name="count"/> rows.</summary>
    internal static void DotProductsCore(ReadOnlySpan<float> query, ReadOnlySpan<float> rows, int dimensions, int count, Span<float> scores)
    {
        // A kernel needs at least one full vector per row: its last load overlaps the previous one with a masked query.
        if (Vector512.IsHardwareAccelerated && dimensions >= Vector512<float>.Count)
        {
            DotProducts512(query, rows, dimensions, count, scores);
        }
        else if (Vector256.IsHardwareAccelerated && dimensions >= Vector256<float>.Count)
        {
            DotProducts256(query, rows, dimensions, count, scores);
        }
        else if (Vector128.IsHardwareAccelerated && dimensions >= Vector128<float>.Count)
        {
            DotProducts128(query, rows, dimensions, count, scores);
        }
        else
        {
            DotProductsScalar(query, rows, dimensions, count, scores);
        }
    }

    internal static void DotProductsScalar(ReadOnlySpan<float> query, ReadOnlySpan<float> rows, int dimensions, int count, Span<float> scores)
    {
        for (var r = 0; r < count; r++)
        {
            var row = rows.Slice(r * dimensions, dimensions);
            var sum = 0f;
            for (var d = 0; d < dimensions; d++)
            {
                sum += query[d] * row[d];
            }

            scores[r] = sum;
        }
    }
}
