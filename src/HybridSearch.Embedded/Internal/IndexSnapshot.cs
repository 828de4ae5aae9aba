using HybridSearch.Embedded.Internal.Keyword;
using HybridSearch.Embedded.Internal.Vectors;
using Lucene.Net.Search;

namespace HybridSearch.Embedded.Internal;

/// <summary>
/// One consistent point-in-time view of both stores: a Lucene near-real-time searcher and the vector snapshot published
/// with it, under the write lock, after the same write. Reference-counted; the last release returns both.
/// </summary>
internal sealed class IndexSnapshot(KeywordIndex keyword, IndexSearcher searcher, VectorSnapshot vectors)
{
    private int _references = 1;

    public IndexSearcher Searcher { get; } = searcher;

    public VectorSnapshot Vectors { get; } = vectors;

    /// <summary>Takes a reference unless the snapshot was already retired and released.</summary>
    public bool TryAcquire()
    {
        while (true)
        {
            var references = Volatile.Read(ref _references);
            if (references == 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _references, references + 1, references) == references)
            {
                return true;
            }
        }
    }

    public void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            keyword.Release(Searcher);
            Vectors.Release();
        }
    }
}
