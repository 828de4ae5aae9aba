using HybridSearch.Encoders;

namespace HybridSearch.Search;

/// <summary>
/// The query library: encodes the query locally with the dual encoder's query tower and asks the backend. Checks once
/// that the index was built by a compatible document encoder. Thread-safe; share one instance.
/// </summary>
public sealed class HybridSearchClient
{
    private readonly DualEncoder _encoder;
    private readonly ISearchBackend _backend;
    private Task? _compatibilityCheck;

    /// <summary>Creates a client over <paramref name="backend"/> with <paramref name="encoder"/>.</summary>
    public HybridSearchClient(DualEncoder encoder, ISearchBackend backend)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(backend);
        _encoder = encoder;
        _backend = backend;
    }

    /// <summary>The dual encoder in use.</summary>
    public DualEncoder Encoder => _encoder;

    /// <summary>The backend in use.</summary>
    public ISearchBackend Backend => _backend;

    /// <summary>Answers <paramref name="request"/>.</summary>
    /// <exception cref="IncompatibleEncoderException">The index was built by another document encoder.</exception>
    public async Task<SearchResults> SearchAsync(SearchRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(request.K);
        if (request.Mode == SearchMode.Keyword)
        {
            return await _backend.SearchAsync(request, Task.FromResult(ReadOnlyMemory<float>.Empty), cancellationToken).ConfigureAwait(false);
        }

        await EnsureCompatibleAsync(cancellationToken).ConfigureAwait(false);
        if (request.Mode == SearchMode.Semantic)
        {
            var vector = await _encoder.EncodeQueryAsync(request.Query, cancellationToken).ConfigureAwait(false);
            return await _backend.SearchAsync(request, Task.FromResult<ReadOnlyMemory<float>>(vector), cancellationToken).ConfigureAwait(false);
        }

        // Hybrid: the query is encoded on another thread and handed over pending, so a backend whose keyword retrieval is
        // mostly waiting (Elasticsearch's HTTP request) runs it meanwhile; encoding is most of a query's latency.
        var pending = Task.Run(() => EncodeQueryAsync(request.Query, cancellationToken), cancellationToken);
        return await _backend.SearchAsync(request, pending, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ReadOnlyMemory<float>> EncodeQueryAsync(string query, CancellationToken cancellationToken) =>
        await _encoder.EncodeQueryAsync(query, cancellationToken).ConfigureAwait(false);

    private Task EnsureCompatibleAsync(CancellationToken cancellationToken)
    {
        // Racing callers may both start the check; both results agree, and a failed check is retried next time.
        var check = _compatibilityCheck;
        if (check is null || check.IsFaulted || check.IsCanceled)
        {
            check = CheckAsync(cancellationToken);
            _compatibilityCheck = check;
        }

        return check;
    }

    private async Task CheckAsync(CancellationToken cancellationToken)
    {
        var description = await _backend.DescribeAsync(cancellationToken).ConfigureAwait(false);
        // Only queries are encoded here, so a document tower derived from the index's model (its int8 quantisation) may
        // search it; writing documents still needs the index's own encoder.
        if (description.DocumentEncoder is { } indexEncoder && !_encoder.DocumentIdentity.CanQuery(indexEncoder))
        {
            throw new IncompatibleEncoderException("(backend)", indexEncoder, _encoder.DocumentIdentity);
        }
    }
}
