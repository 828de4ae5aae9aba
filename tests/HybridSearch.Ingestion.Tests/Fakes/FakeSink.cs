using HybridSearch.Encoders;
using HybridSearch.Search;

namespace HybridSearch.Ingestion.Tests.Fakes;

/// <summary>
/// An index with the durability model of the embedded one: upserts land in a volatile view and become durable only at
/// <see cref="CommitAsync"/>; <see cref="Crash"/> throws the volatile view away. It counts upserts per id, can fail the
/// next writes, refuse chosen ids one by one (as Elasticsearch refuses bulk items), and can check on every commit that the checkpoint on disk names no record that is not durable.
/// </summary>
internal sealed class FakeSink : IIndexWriter
{
    private readonly Lock _lock = new();
    private Dictionary<string, EncodedDocument> _volatile = new(StringComparer.Ordinal);
    private Dictionary<string, EncodedDocument> _durable = new(StringComparer.Ordinal);

    public Dictionary<string, int> UpsertCounts { get; } = new(StringComparer.Ordinal);

    public List<string> WriteOrder { get; } = [];

    public int FailNextWrites { get; set; }

    public int WriteAttempts { get; private set; }

    /// <summary>Documents in each write, in order.</summary>
    public List<int> WriteSizes { get; } = [];

    /// <summary>How long each write takes: a slow index, behind which encoded batches queue up.</summary>
    public TimeSpan WriteDelay { get; set; }

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

    /// <summary>Ids the index refuses, each with this reason (a per-item rejection, status 400).</summary>
    public Dictionary<string, string> Refuse { get; } = new(StringComparer.Ordinal);

    public Task CommitAsync(CancellationToken cancellationToken = default)
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

    public async Task<IndexWriteResult> UpsertAsync(IReadOnlyList<EncodedDocument> documents, CancellationToken cancellationToken = default)
    {
        if (WriteDelay > TimeSpan.Zero)
        {
            await Task.Delay(WriteDelay, cancellationToken);
        }

        var rejected = new List<DocumentRejection>();
        lock (_lock)
        {
            WriteAttempts++;
            WriteSizes.Add(documents.Count);
            if (FailNextWrites > 0)
            {
                FailNextWrites--;
                throw new HttpRequestException("503 Service Unavailable (simulated outage)", null, System.Net.HttpStatusCode.ServiceUnavailable);
            }

            if (CrashAfterWrites-- <= 0)
            {
                throw new SimulatedCrashException();
            }

            foreach (var document in documents)
            {
                if (Refuse.TryGetValue(document.Document.Id, out var reason))
                {
                    rejected.Add(new DocumentRejection(document.Document.Id, reason, 400));
                    continue;
                }

                _volatile[document.Document.Id] = document;
                UpsertCounts[document.Document.Id] = UpsertCounts.GetValueOrDefault(document.Document.Id) + 1;
                WriteOrder.Add(document.Document.Id);
            }
        }

        return new IndexWriteResult(documents.Count - rejected.Count, rejected);
    }

    public Task EnsureIndexAsync(EncoderIdentity documentEncoder, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task<IndexWriteResult> DeleteAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            foreach (var id in ids)
            {
                _volatile.Remove(id);
            }
        }

        return Task.FromResult(IndexWriteResult.AllWritten(ids.Count));
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;
}
