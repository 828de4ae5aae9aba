using System.Globalization;
using System.Runtime.CompilerServices;
using HybridSearch.Search;

namespace HybridSearch.Ingestion.Tests.Fakes;

/// <summary>Documents from a list (cursor = index), optionally endless; counts how many records were pulled.</summary>
internal sealed class ListSource(IReadOnlyList<SearchDocument> documents, bool endless = false) : IDocumentSource
{
    private int _pulled;

    public string Name => "list";

    public int Pulled => Volatile.Read(ref _pulled);

    public static ListSource Numbered(int count) =>
        new([.. Enumerable.Range(0, count).Select(i => new SearchDocument($"doc-{i}", $"text number {i} with some words"))]);

    public ValueTask<long?> CountAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(endless ? null : (long?)documents.Count);

    public async IAsyncEnumerable<SourceRecord> ReadAsync(string? resumeAfter, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var next = resumeAfter is null ? 0 : int.Parse(resumeAfter, CultureInfo.InvariantCulture) + 1;
        for (var i = next; endless || i < documents.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await Task.Yield();
            Interlocked.Increment(ref _pulled);
            var document = endless ? new SearchDocument($"doc-{i}", $"endless text {i}") : documents[i];
            yield return SourceRecord.ForDocument(i.ToString(CultureInfo.InvariantCulture), Name, i + 1, document);
        }
    }
}
