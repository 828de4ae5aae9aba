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

    public static StoredDocument? FindById(IndexSearcher searcher, string id)
    {
        var top = searcher.Search(new TermQuery(new Term(LuceneFields.Id, id)), 1);
        return top.ScoreDocs.Length == 0 ? null : StoredDocument.Read(searcher.Doc(top.ScoreDocs[0].Doc));
    }

    public List<RetrievedDocument> Search(IndexSearcher searcher, KeywordQuery query)
    {
        var lucene = BuildQuery(query.Text);
        if (lucene is null)
        {
            return [];
        }

        var top = searcher.Search(lucene, BuildFilter(query.Filters), query.K);
        var results = new List<RetrievedDocument>(top.ScoreDocs.Length);
        foreach (var hit in top.ScoreDocs)
        {
            // Lucene doc ids change with merges: the stored id is the document's identity.
            var stored = StoredDocument.Read(searcher.Doc(hit.Doc));
            results.Add(stored.ToRetrieved(hit.Score, passage: null));
        }

        return results;
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
