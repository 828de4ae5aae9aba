using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace HybridSearch.Numerics;

public static partial class VectorMath
{
    /// <summary>Longest int8 vector whose dot products cannot overflow int32: 131,071 × 128² &lt; 2³¹.</summary>
    public const int MaxInt8Dimensions = 131_071;

    /// <summary>
    /// Computes the exact int32 dot product of an int8 <paramref name="query"/> with each int8 row of
    /// <paramref name="rows"/> (row-major, <c>rows.Length / dimensions</c> rows) into <paramref name="scores"/>. Integer
    /// arithmetic, so every path gives the same result to the bit.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <paramref name="dimensions"/> is not positive or exceeds <see cref="MaxInt8Dimensions"/>.
    /// </exception>
    /// <exception cref="ArgumentException">A span's length does not match <paramref name="dimensions"/>.</exception>
    public static void DotProducts(ReadOnlySpan<sbyte> query, ReadOnlySpan<sbyte> rows, int dimensions, Span<int> scores)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimensions);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(dimensions, MaxInt8Dimensions);
        if (query.Length != dimensions)
        {
            throw new ArgumentException($"The query has {query.Length} values; expected {dimensions}.", nameof(query));
        }

        if (rows.Length % dimensions != 0)
        {
            throw new ArgumentException(
                $"The rows hold {rows.Length} values, not a whole number of {dimensions}-value rows.", nameof(rows));
        }

        var count = rows.Length / dimensions;
        if (scores.Length < count)
        {
            throw new ArgumentException($"The scores span holds {scores.Length} values; {count} rows need {count}.", nameof(scores));
        }

        if (AvxVnni.IsSupported && dimensions >= Vector256<sbyte>.Count)
        {
            // One instruction per 32 bytes: faster than the widest widening kernel, and fast enough to be memory-bound.
            DotProductsInt8Vnni256(query, rows, dimensions, count, scores);
        }
        else if (Vector512.IsHardwareAccelerated && dimensions >= Vector512<sbyte>.Count)
        {
            DotProductsInt8x512(query, rows, dimensions, count, scores);
        }
        else if (Vector256.IsHardwareAccelerated && dimensions >= Vector256<sbyte>.Count)
        {
            DotProductsInt8x256(query, rows, dimensions, count, scores);
        }
        else if (Vector128.IsHardwareAccelerated && dimensions >= Vector128<sbyte>.Count)
        {
            DotProductsInt8x128(query, rows, dimensions, count, scores);
        }
        else
        {
            DotProductsInt8Scalar(query, rows, dimensions, count, scores);
        }
    }

    internal static void DotProductsInt8Scalar(ReadOnlySpan<sbyte> query, ReadOnlySpan<sbyte> rows, int dimensions, int count, Span<int> scores)
    {
        for (var r = 0; r < count; r++)
        {
            var row = rows.Slice(r * dimensions, dimensions);
            var sum = 0;
            for (var d = 0; d < dimensions; d++)
            {
                sum += query[d] * row[d];
            }

            scores[r] = sum;
        }
    }
}
