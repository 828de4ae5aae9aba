namespace HybridSearch.Embedded.Internal.Vectors;

/// <summary>
/// Keeps the best <c>k</c> documents offered: a min-heap on score, ties broken toward the older row key so results are
/// deterministic. Documents, not rows: each document enters with its best passage, which Core's row-level <c>TopK</c> does not model.
/// </summary>
internal sealed class TopHits(int k)
{
    private readonly PriorityQueue<VectorHit, VectorHit> _heap = new(k + 1, WorstFirst.Instance);

    public int Count => _heap.Count;

    /// <summary>The score a hit needs (at least) to enter: negative infinity until k hits are kept.</summary>
    public float Threshold => _heap.Count < k ? float.NegativeInfinity : _heap.Peek().Score;

    /// <summary>True when a hit scoring <paramref name="score"/> could still enter.</summary>
    public bool WouldAccept(float score) => _heap.Count < k || score >= _heap.Peek().Score;

    public void Offer(VectorHit hit)
    {
        if (_heap.Count < k)
        {
            _heap.Enqueue(hit, hit);
        }
        else if (WorstFirst.Instance.Compare(hit, _heap.Peek()) > 0)
        {
            _heap.EnqueueDequeue(hit, hit);
        }
    }

    /// <summary>Offers every hit <paramref name="other"/> kept (a partial result of a parallel scan).</summary>
    public void OfferAll(TopHits other)
    {
        foreach (var (hit, _) in other._heap.UnorderedItems)
        {
            Offer(hit);
        }
    }

    /// <summary>The kept hits, best first.</summary>
    public List<VectorHit> ToList()
    {
        var result = new List<VectorHit>(_heap.Count);
        while (_heap.Count > 0)
        {
            result.Add(_heap.Dequeue());
        }

        result.Reverse();
        return result;
    }

    private sealed class WorstFirst : IComparer<VectorHit>
    {
        public static readonly WorstFirst Instance = new();

        public int Compare(VectorHit x, VectorHit y) => x.Score != y.Score ? x.Score.CompareTo(y.Score) : y.Key.CompareTo(x.Key);
    }
}
