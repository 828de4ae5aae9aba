using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;

namespace HybridSearch.Embedded.Internal.Keyword;

/// <summary>Gives every near-real-time searcher the index's BM25 similarity: a new IndexSearcher defaults to TF-IDF.</summary>
internal sealed class Bm25SearcherFactory(Similarity similarity) : SearcherFactory
{
    public override IndexSearcher NewSearcher(IndexReader reader) => new(reader) { Similarity = similarity };
}
