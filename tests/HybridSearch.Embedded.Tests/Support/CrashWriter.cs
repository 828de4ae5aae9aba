using System.Globalization;
using HybridSearch.Search;

namespace HybridSearch.Embedded.Tests.Support;

/// <summary>
/// The entry point of this test assembly when run as a program: <c>crash-writer DIR</c> writes batches into an index
/// and commits after each, printing <c>committed N</c> once N documents are durable, until it is killed.
/// </summary>
internal static class CrashWriter
{
    public const int BatchSize = 20;

    public static async Task<int> Main(string[] args)
    {
        if (args is ["hold-writer", var held])
        {
            return await LockHolder.RunAsync(held);
        }

        if (args is not ["crash-writer", var directory, var mode])
        {
            return 2;
        }

        var options = new EmbeddedIndexOptions
        {
            VectorSearch = Enum.Parse<VectorSearchMode>(mode),
            MaxSegments = 3,
            CompactionThreshold = 0.2,
        };
        var index = await Docs.OpenAsync(directory, options);
        for (var batch = 0; ; batch++)
        {
            // Each batch adds new documents and rewrites one old one, so commits also tombstone and compact.
            var documents = Enumerable.Range(batch * BatchSize, BatchSize).Select(Document).ToList();
            if (batch > 0)
            {
                documents.Add(Document(batch - 1));
            }

            await index.UpsertAsync(documents);
            await index.CommitAsync();
            await Console.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"committed {(batch + 1) * BatchSize}"));
            await Console.Out.FlushAsync();
        }
    }

    /// <summary>Document <paramref name="n"/>: its id, text and vector all derive from n, so a reader can check it.</summary>
    public static EncodedDocument Document(int n) =>
        Docs.One(Id(n), $"document number{n}", Docs.Unit(1, n % 7, n % 3, 1));

    public static string Id(int n) => string.Create(CultureInfo.InvariantCulture, $"d{n}");
}
