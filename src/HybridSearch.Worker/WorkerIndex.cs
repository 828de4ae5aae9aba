using HybridSearch.Embedded;
using HybridSearch.Encoding;

namespace HybridSearch.Worker;

/// <summary>Opens the configured index for the worker.</summary>
internal static class WorkerIndex
{
    public const string Embedded = "embedded";

    /// <summary>
    /// Opens the index of <paramref name="options"/> for <paramref name="encoder"/>. An embedded index records the chunking
    /// it was built with; an index built with other settings is refused rather than filled with incomparable passages.
    /// </summary>
    public static async Task<IndexTarget> OpenAsync(
        IndexOptions options, EncoderIdentity encoder, string chunking, CancellationToken cancellationToken)
    {
        var index = await EmbeddedIndex.OpenAsync(
            options.Path!, new EmbeddedIndexOptions { ExpectedEncoder = encoder, Chunking = chunking }, cancellationToken)
            .ConfigureAwait(false);
        if (index.Chunking is { } built && !string.Equals(built, chunking, StringComparison.Ordinal))
        {
            await index.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException(
                $"Index '{index.Directory}' was built with chunking '{built}', but {IngestionOptions.SectionName}:Chunking and " +
                $"PassageOverlapTokens give '{chunking}'. Use the settings the index was built with, or a new index.");
        }

        return new IndexTarget(index, index.CommitAsync, index);
    }
}
