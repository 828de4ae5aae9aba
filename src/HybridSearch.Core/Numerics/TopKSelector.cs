namespace HybridSearch.Numerics;

/// <summary>
/// Keeps the <see cref="K"/> best (score, index) pairs of a stream, for scores computed block by block (rows of a
/// memory-mapped matrix, say). Order is by descending score, ties broken by lower index, so results are deterministic.
/// NaN scores are never selected. Reuse one instance per thread with <see cref="Reset"/>; nothing is allocated per item.
/// </summary>
public sealed class TopKSelector
{
    private readonly float[] _scores;
    private readonly int[] _indices;
    private int _count;

    /// <summary>Creates a selector of the best <paramref name="k"/> entries (0 selects nothing).</summary>
    public TopKSelector(int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        _scores = new float[k];
        _indices = new int[k];
    }

    /// <summary>How many entries the selector keeps at most.</summary>
    public int K => _scores.Length;

    /// <summary>How many entries it holds now (at most <see cref="K"/>).</summary>
    public int Count => _count;

    /// <summary>Forgets every entry.</summary>
    public void Reset() => _count = 0;

    /// <summary>Offers one entry.</summary>
    public void Add(float score, int index)
    {
        if (!float.IsNaN(score) && _scores.Length > 0)
        {
            TopKHeap.Offer(_scores, _indices, ref _count, score, index);
        }
    }

    /// <summary>Offers <paramref name="scores"/>, entry <c>i</c> with index <c>firstIndex + i</c>.</summary>
    public void AddRange(ReadOnlySpan<float> scores, int firstIndex)
    {
        if (_scores.Length == 0)
        {
            return;
        }

        // Blocks may arrive in any order, so an equal score is a contender: it wins if its index is lower.
        TopKScan.OfferAll(scores, firstIndex, _scores, _indices, ref _count, inclusive: true);
    }

    /// <summary>
    /// Offers the entries of <paramref name="scores"/> whose bit is set in <paramref name="allowed"/> (bit <c>i % 64</c> of
    /// word <c>i / 64</c> for entry <c>i</c>); entry <c>i</c> gets index <c>firstIndex + i</c>.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="allowed"/> has fewer than one bit per score.</exception>
    public void AddRange(ReadOnlySpan<float> scores, int firstIndex, ReadOnlySpan<ulong> allowed)
    {
        if ((long)allowed.Length * 64 < scores.Length)
        {
            throw new ArgumentException(
                $"The filter bitmap has {allowed.Length} words ({allowed.Length * 64L} bits) for {scores.Length} scores.", nameof(allowed));
        }

        if (_scores.Length == 0)
        {
            return;
        }

        TopKScan.OfferAllowed(scores, firstIndex, allowed, _scores, _indices, ref _count, inclusive: true);
    }

    /// <summary>
    /// Writes the entries held, best first, into <paramref name="indices"/> (and their scores into <paramref name="scores"/>
    /// when it is not empty), then resets the selector. Returns how many were written.
    /// </summary>
    /// <exception cref="ArgumentException">A destination is shorter than <see cref="Count"/>.</exception>
    public int Drain(Span<int> indices, Span<float> scores = default)
    {
        if (indices.Length < _count || (!scores.IsEmpty && scores.Length < _count))
        {
            throw new ArgumentException($"The destinations must hold {_count} entries.", nameof(indices));
        }

        var count = _count;
        TopKHeap.SortDescending(_scores, _indices, count);
        _indices.AsSpan(0, count).CopyTo(indices);
        if (!scores.IsEmpty)
        {
            _scores.AsSpan(0, count).CopyTo(scores);
        }

        _count = 0;
        return count;
    }
}
