using HybridSearch.Encoding;
using HybridSearch.Search;

namespace HybridSearch.Worker.Tests.Fakes;

/// <summary>
/// An index with the durability model of the embedded one: upserts land in a volatile view and become durable only at
/// <see cref="CommitAsync"/>; <see cref="Crash"/> throws the volatile view away. It counts upserts per id, can fail the
/// next writes, and can check on every commit that the checkpoint on disk names no record that is not durable.
/// </summary>
internal sealed class FakeSink : ISearchBackend
{
    private readonly Lock _lock = new();
    private Dictionary<string, EncodedDocument> _volatile = new(StringComparer.Ordinal);
    private Dictionary<string, EncodedDocument> _durable = new(StringComparer.Ordinal);

    public Dictionary<string, int> UpsertCounts { get; } = new(StringComparer.Ordinal);

    public List<string> WriteOrder { get; } = [];

    public int FailNextWrites { get; set; }

    public int WriteAttempts { get; private set; }

    public int Commits { get; private set; }

    /// <summary>Throws this from the write after <see cref="CrashAfterWrites"/> successful ones (a simulated kill).</summary>
    public int CrashAfterWrites { get; set; } = int.MaxValue;

    /// <summary>Called at each commit with the durable ids, before they include this commit's writes.</summary>
    public Action<IReadOnlySet<string>>? BeforeCommit { get; set; }

    public IReadOnlyDictionary<string, EncodedDocument> Durable
    {
        get
        {
            lock (_lock)
            {
                return new Dictionary<string, EncodedDocument>(_durable, StringComparer.Ordinal);
            }
        }
    }

    public IndexCommitHandler Commit => CommitAsync;

    public Task CommitAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            BeforeCommit?.Invoke(_durable.Keys.ToHashSet(StringComparer.Ordinal));
            _durable = new Dictionary<string, EncodedDocument>(_volatile, StringComparer.Ordinal);
            Commits++;
        }

        return Task.CompletedTask;
    }

    /// <summary>What a killed process leaves: only committed documents.</summary>
    public void Crash()
    {
        lock (_lock)
        {
            _volatile = new Dictionary<string, EncodedDocument>(_durable, StringComparer.Ordinal);
            CrashAfterWrites = int.MaxValue;
        }
    }

    public Task UpsertAsync(IReadOnlyList<EncodedDocument> documents, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            WriteAttempts++;
            if (FailNextWrites > 0)
            {
                FailNextWrites--;
                throw new HttpRequestException("503 Service Unavailable (simulated outage)");
            }

            if (CrashAfterWrites-- <= 0)
            {
                throw new SimulatedCrashException();
            }

            foreach (var document in documents)
            {
                _volatile[document.Document.Id] = document;
                UpsertCounts[document.Document.Id] = UpsertCounts.GetValueOrDefault(document.Document.Id) + 1;
                WriteOrder.Add(document.Document.Id);
            }
        }

        return Task.CompletedTask;
    }

    public Task<IndexDescription> DescribeAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(new IndexDescription(null, _durable.Count, 0));

    public Task EnsureIndexAsync(EncoderIdentity documentEncoder, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task DeleteAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<IReadOnlyList<RetrievedDocument>> KeywordSearchAsync(KeywordQuery query, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public Task<IReadOnlyList<RetrievedDocument>> VectorSearchAsync(VectorQuery query, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public Task<IReadOnlyList<PassageVectors>> GetPassageVectorsAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();

    public Task<SearchResults> SearchAsync(SearchRequest request, ReadOnlyMemory<float> queryVector, CancellationToken cancellationToken = default) =>
        throw new NotSupportedException();
}
