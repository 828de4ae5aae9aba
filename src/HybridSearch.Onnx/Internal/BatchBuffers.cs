using System.Buffers;

namespace HybridSearch.Onnx.Internal;

/// <summary>
/// One encoding call's tensors, rented once and sized for its first (longest) batch: later batches are never larger.
/// Owned by the calling thread; returned to the pool on dispose.
/// </summary>
internal sealed class BatchBuffers : IDisposable
{
    public BatchBuffers(int cells, int dimensions)
    {
        InputIds = ArrayPool<long>.Shared.Rent(cells);
        AttentionMask = ArrayPool<long>.Shared.Rent(cells);
        TokenTypeIds = ArrayPool<long>.Shared.Rent(cells);
        Array.Clear(TokenTypeIds, 0, cells);
        Hidden = ArrayPool<float>.Shared.Rent(cells * dimensions);
    }

    public long[] InputIds { get; }

    public long[] AttentionMask { get; }

    /// <summary>All zeros: single-sequence inputs.</summary>
    public long[] TokenTypeIds { get; }

    public float[] Hidden { get; }

    public void Dispose()
    {
        ArrayPool<long>.Shared.Return(InputIds);
        ArrayPool<long>.Shared.Return(AttentionMask);
        ArrayPool<long>.Shared.Return(TokenTypeIds);
        ArrayPool<float>.Shared.Return(Hidden);
    }
}
