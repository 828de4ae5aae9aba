namespace HybridSearch.Numerics;

/// <summary>
/// SIMD kernels that <see cref="System.Numerics.Tensors.TensorPrimitives"/> has no operation for: one query against many
/// contiguous rows. Each operation lives in its own partial file and runs on the widest of Vector512, Vector256 and
/// Vector128 that the hardware accelerates, with a scalar fallback.
/// </summary>
/// <remarks>
/// "Exact" here means brute force over float32: every row is scored, products are float32, and only the order of
/// accumulation (lanes, fused multiply-add) may differ from a scalar loop, by a few units in the last place.
/// </remarks>
public static partial class VectorMath
{
}
