using System.Globalization;
using System.Runtime.CompilerServices;
using HybridSearch.Ingestion.Tests.Fakes;
using HybridSearch.Search;
using HybridSearch.Testing;

namespace HybridSearch.Ingestion.Tests;

/// <summary>
/// A revision a source read a document at (a backfill of a shared Elasticsearch index) reaches the write of that
/// document, whether its text was encoded or its vectors came with it; documents read without one are written
/// unconditionally.
/// </summary>
public sealed class RevisionTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Each_document_is_written_under_the_revision_it_was_read_at()
    {
        var unit = new float[8];
        unit[3] = 1;
        var records = new[]
        {
            SourceRecord.ForDocument("0", "shared", null, new SearchDocument("encoded", "text to encode")) with { Revision = new DocumentRevision(11, 2) },
            SourceRecord.ForDocument("1", "shared", null, new SearchDocument("plain", "no revision")),
            SourceRecord.ForDocument("2", "shared", null, new SearchDocument("given", string.Empty), [new EncodedPassage(0, 0, unit)])
                with { Revision = new DocumentRevision(5, 1) },
        };
        var sink = new FakeSink();
        var options = new IngestionOptions
        {
            BatchSize = 2,
            StateDirectory = _directory.File("state"),
            CheckpointInterval = TimeSpan.FromTicks(1),
            BatchTimeout = TimeSpan.FromMilliseconds(10),
        };

        var summary = await new IngestionPipeline(TestEncoders.Open(), sink, options).RunAsync(new RecordSource(records));

        Assert.Equal(3, summary.Written);
        Assert.Equal(new DocumentRevision(11, 2), sink.Durable["encoded"].Revision);
        Assert.Null(sink.Durable["plain"].Revision);
        Assert.Equal(new DocumentRevision(5, 1), sink.Durable["given"].Revision);
    }

    private sealed class RecordSource(IReadOnlyList<SourceRecord> records) : IDocumentSource
    {
        public string Name => "shared";

        public ValueTask<long?> CountAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult<long?>(records.Count);

        public async IAsyncEnumerable<SourceRecord> ReadAsync(
            string? resumeAfter, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var next = resumeAfter is null ? 0 : int.Parse(resumeAfter, CultureInfo.InvariantCulture) + 1;
            for (var i = next; i < records.Count; i++)
            {
                await Task.Yield();
                yield return records[i];
            }
        }
    }
}
