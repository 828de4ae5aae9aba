using Lucene.Net.Index;
using Lucene.Net.Search;

namespace HybridSearch.Embedded.Internal.Keyword;

/// <summary>Collects the vector row key of every matching document from doc values, without loading stored fields.</summary>
internal sealed class KeyCollector : ICollector
{
    private NumericDocValues? _keys;

    public List<long> Keys { get; } = [];

    public bool AcceptsDocsOutOfOrder => true;

    public void SetScorer(Scorer scorer)
    {
    }

    public void SetNextReader(AtomicReaderContext context) => _keys = context.AtomicReader.GetNumericDocValues(LuceneFields.Key);

    public void Collect(int doc)
    {
        if (_keys is not null)
        {
            Keys.Add(_keys.Get(doc));
        }
    }
}
