using HybridSearch.Search;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace HybridSearch.Embedded.Internal.Keyword;

/// <summary>Queries: built from analyzer tokens, never parsed, so user text cannot be query syntax.</summary>
internal sealed partial class KeywordIndex
{
    /// <summary>
    /// A bag-of-words BM25 query over the body: one SHOULD clause per distinct analysed term, boosted by how often the
    /// term occurs in the query (as Anserini's bag-of-words generator does, which the published BM25 figures use). Beyond
    /// <see cref="BooleanQuery.MaxClauseCount"/> distinct terms, later terms are dropped: the limit is process-wide, so we
    /// leave it alone rather than raise it for everyone. Null when the text has no indexable term.
    /// </summary>
    public Query? BuildQuery(string text)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var order = new List<string>();
        using (var stream = _analyzer.GetTokenStream(LuceneFields.Body, text))
        {
            var term = stream.AddAttribute<ICharTermAttribute>();
            stream.Reset();
            while (stream.IncrementToken())
            {
                var value = term.ToString();
                if (counts.TryGetValue(value, out var count))
                {
                    counts[value] = count + 1;
                }
                else if (order.Count < BooleanQuery.MaxClauseCount)
                {
                    counts.Add(value, 1);
                    order.Add(value);
                }
            }

            stream.End();
        }

        if (order.Count == 0)
        {
            return null;
        }

        var query = new BooleanQuery();
        foreach (var value in order)
        {
            query.Add(new TermQuery(new Term(LuceneFields.Body, value)) { Boost = counts[value] }, Occur.SHOULD);
        }

        return query;
    }

    /// <summary>Metadata equality as a Lucene filter: applied before scoring, and it does not change scores.</summary>
    public static Filter? BuildFilter(IReadOnlyDictionary<string, string> filters)
    {
        var query = BuildFilterQuery(filters);
        return query is null ? null : new QueryWrapperFilter(query);
    }

    /// <summary>The vector row keys of every document passing <paramref name="filters"/>.</summary>
    public static List<long> FilterKeys(IndexSearcher searcher, IReadOnlyDictionary<string, string> filters)
    {
        var collector = new KeyCollector();
        searcher.Search((Query?)BuildFilterQuery(filters) ?? new MatchAllDocsQuery(), collector);
        return collector.Keys;
    }

    /// <summary>The Lucene doc id of the live document <paramref name="id"/>, or -1: a term lookup per segment, no scoring.</summary>
    public static int FindDocument(IndexSearcher searcher, string id)
    {
        var term = new Term(LuceneFields.Id, id);
        foreach (var leaf in searcher.IndexReader.Leaves)
        {
            var postings = leaf.AtomicReader.GetTermDocsEnum(term);
            if (postings is not null)
            {
                var doc = postings.NextDoc();
                if (doc != DocIdSetIterator.NO_MORE_DOCS)
                {
                    return leaf.DocBase + doc;
                }
            }
        }

        return -1;
    }

    public static StoredDocument? FindById(IndexSearcher searcher, string id)
    {
        var doc = FindDocument(searcher, id);
        return doc < 0 ? null : StoredDocument.Read(searcher.Doc(doc));
    }

    /// <summary>The vector row keys of Lucene documents <paramref name="docs"/>, from doc values, in the same order.</summary>
    public static long[] KeysOf(IndexSearcher searcher, ScoreDoc[] docs)
    {
        var leaves = searcher.IndexReader.Leaves;
        var values = new NumericDocValues?[leaves.Count];
        var keys = new long[docs.Length];
        for (var i = 0; i < docs.Length; i++)
        {
            var index = ReaderUtil.SubIndex(docs[i].Doc, leaves);
            var leaf = leaves[index];
            var keyValues = values[index] ??= leaf.AtomicReader.GetNumericDocValues(LuceneFields.Key) ?? throw new InvalidDataException(
                $"Lucene segment {leaf.Ord} has no '{LuceneFields.Key}' doc values: it was not written by this index.");
            keys[i] = keyValues.Get(docs[i].Doc - leaf.DocBase);
        }

        return keys;
    }

    /// <summary>The vector row key of Lucene document <paramref name="doc"/>.</summary>
    public static long KeyOf(IndexSearcher searcher, int doc) => KeysOf(searcher, [new ScoreDoc(doc, 0)])[0];

    /// <summary>The best <see cref="KeywordQuery.K"/> documents by BM25 among those passing the filters.</summary>
    public ScoreDoc[] Search(IndexSearcher searcher, KeywordQuery query)
    {
        var lucene = BuildQuery(query.Text);
        return lucene is null ? [] : searcher.Search(lucene, BuildFilter(query.Filters), query.K).ScoreDocs;
    }

    private static BooleanQuery? BuildFilterQuery(IReadOnlyDictionary<string, string> filters)
    {
        if (filters is null || filters.Count == 0)
        {
            return null;
        }

        var query = new BooleanQuery();
        foreach (var (name, value) in filters)
        {
            query.Add(new TermQuery(new Term(LuceneFields.MetadataPrefix + name, value)), Occur.MUST);
        }

        return query;
    }
}
