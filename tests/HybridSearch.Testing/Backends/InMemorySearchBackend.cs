using System.Numerics.Tensors;
using HybridSearch.Encoders;
using HybridSearch.Search;

namespace HybridSearch.Testing;

/// <summary>
/// A small thread-safe backend for tests: keyword score = Σ over distinct query words of tf × ln(1 + N / df) over title and
/// text; vector score = best passage's dot product; hybrid through the shared <see cref="SearchPipeline"/>.
/// </summary>
public sealed class InMemorySearchBackend : ISearchBackend, IRetrievalBackend, IIndexWriter
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, EncodedDocument> _documents = new(StringComparer.Ordinal);
    private readonly WordTokenizer _words = new();
    private EncoderIdentity? _identity;

    /// <summary>When set, every call throws it (an unreachable backend).</summary>
    public Exception? Failure { get; set; }

    public Task<IndexDescription> DescribeAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfFailing();
        lock (_gate)
        {
            long passages = 0;
            foreach (var document in _documents.Values)
            {
                passages += document.Passages.Count;
            }

            return Task.FromResult(new IndexDescription(_identity, _documents.Count, passages));
        }
    }

    public Task EnsureIndexAsync(EncoderIdentity documentEncoder, CancellationToken cancellationToken = default)
    {
        ThrowIfFailing();
        lock (_gate)
        {
            if (_identity is not null && !_identity.IsCompatibleWith(documentEncoder))
            {
                throw new IncompatibleEncoderException("(memory)", _identity, documentEncoder);
            }

            _identity ??= documentEncoder;
        }

        return Task.CompletedTask;
    }

    public Task<IndexWriteResult> UpsertAsync(IReadOnlyList<EncodedDocument> documents, CancellationToken cancellationToken = default)
    {
        ThrowIfFailing();
        lock (_gate)
        {
            foreach (var document in documents)
            {
                _documents[document.Document.Id] = document;
            }
        }

        return Task.FromResult(IndexWriteResult.AllWritten(documents.Count));
    }

    public Task<IndexWriteResult> DeleteAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            foreach (var id in ids)
            {
                _documents.Remove(id);
            }
        }

        return Task.FromResult(IndexWriteResult.AllWritten(ids.Count));
    }

    public Task<IReadOnlyList<RetrievedDocument>> KeywordSearchAsync(KeywordQuery query, CancellationToken cancellationToken = default)
    {
        ThrowIfFailing();
        var terms = Words(query.Text).Distinct(StringComparer.Ordinal).ToList();
        lock (_gate)
        {
            var bags = _documents.Values.ToDictionary(d => d.Document.Id, d => Words(d.Document.EncodingText).ToList(), StringComparer.Ordinal);
            var scored = new List<RetrievedDocument>();
            foreach (var document in _documents.Values)
            {
                double score = 0;
                foreach (var term in terms)
                {
                    var tf = bags[document.Document.Id].Count(w => w == term);
                    var df = bags.Values.Count(b => b.Contains(term));
                    score += tf == 0 ? 0 : tf * Math.Log(1 + ((double)bags.Count / df));
                }

                if (score > 0)
                {
                    scored.Add(Retrieved(document, score, null));
                }
            }

            return Task.FromResult<IReadOnlyList<RetrievedDocument>>(
                [.. scored.OrderByDescending(d => d.Score).ThenBy(d => d.Id, StringComparer.Ordinal).Take(query.K)]);
        }
    }

    public Task<IReadOnlyList<RetrievedDocument>> VectorSearchAsync(VectorQuery query, CancellationToken cancellationToken = default)
    {
        ThrowIfFailing();
        lock (_gate)
        {
            var scored = new List<RetrievedDocument>();
            foreach (var document in _documents.Values)
            {
                var best = float.NegativeInfinity;
                var bestIndex = 0;
                for (var p = 0; p < document.Passages.Count; p++)
                {
                    var score = TensorPrimitives.Dot(query.Vector.Span, document.Passages[p].Vector);
                    if (score > best)
                    {
                        (best, bestIndex) = (score, p);
                    }
                }

                scored.Add(Retrieved(document, best, bestIndex));
            }

            return Task.FromResult<IReadOnlyList<RetrievedDocument>>(
                [.. scored.OrderByDescending(d => d.Score).ThenBy(d => d.Id, StringComparer.Ordinal).Take(query.K)]);
        }
    }

    public Task<IReadOnlyList<PassageVectors>> GetPassageVectorsAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var found = new List<PassageVectors>();
            foreach (var id in ids)
            {
                if (_documents.TryGetValue(id, out var document))
                {
                    found.Add(new PassageVectors(id, [.. document.Passages.Select(p => (ReadOnlyMemory<float>)p.Vector)]));
                }
            }

            return Task.FromResult<IReadOnlyList<PassageVectors>>(found);
        }
    }

    public Task<SearchResults> SearchAsync(
        SearchRequest request, Task<ReadOnlyMemory<float>> pendingQueryVector, CancellationToken cancellationToken = default)
    {
        ThrowIfFailing();
        return SearchPipeline.RunAsync(this, request, pendingQueryVector, cancellationToken);
    }

    public Task CommitAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    private static RetrievedDocument Retrieved(EncodedDocument document, double score, int? bestPassage)
    {
        var passage = document.Passages[bestPassage ?? 0];
        return new RetrievedDocument
        {
            Id = document.Document.Id,
            Score = score,
            BestPassage = bestPassage,
            Title = document.Document.Title,
            Passage = document.Document.EncodingText.Substring(passage.Start, passage.Length),
            Metadata = document.Document.Metadata,
        };
    }

    private IEnumerable<string> Words(string text)
    {
        foreach (var token in _words.Tokenize(text))
        {
            yield return text[token.Start..token.End].ToLowerInvariant();
        }
    }

    private void ThrowIfFailing()
    {
        if (Failure is { } failure)
        {
            throw failure;
        }
    }
}
