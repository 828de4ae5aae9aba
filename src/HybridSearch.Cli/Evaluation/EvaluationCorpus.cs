using System.Diagnostics;
using HybridSearch.Chunking;
using HybridSearch.Embedded;
using HybridSearch.Encoding;
using HybridSearch.Evaluation;
using HybridSearch.Search;

namespace HybridSearch.Cli.Evaluation;

/// <summary>
/// Builds a throw-away embedded index holding a BEIR corpus for one evaluation. Passage vectors come from the
/// <see cref="EncodedCorpusCache"/> when their content hash still matches, so only a first run (or a changed model,
/// chunking or text) pays for encoding.
/// </summary>
internal static class EvaluationCorpus
{
    private const int WriteBatch = 512;
    private const int EncodeBatch = 256;

    /// <summary>An index that answers keyword queries only: every document gets the same one-dimensional vector.</summary>
    public static readonly EncoderIdentity KeywordOnly = new("keyword-only", "none", 1);

    /// <summary>The embedding cache folder: <paramref name="configured"/>, else <c>$XDG_CACHE_HOME/hybridsearch/eval</c>.</summary>
    public static string CacheDirectory(string? configured) => configured ?? Path.Combine(
        Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"),
        "hybridsearch",
        "eval");

    public static async Task<EmbeddedIndex> BuildAsync(
        BeirDataset dataset,
        DualEncoder? encoder,
        ChunkingOptions chunking,
        EmbeddedIndexOptions indexOptions,
        string indexDirectory,
        string cacheDirectory,
        CancellationToken cancellationToken)
    {
        var encoded = encoder is null
            ? KeywordOnlyDocuments(await ReadCorpusAsync(dataset, cancellationToken))
            : await EncodeAsync(dataset, encoder, chunking, cacheDirectory, cancellationToken);

        var index = await EmbeddedIndex.OpenAsync(indexDirectory, indexOptions, cancellationToken);
        try
        {
            await index.EnsureIndexAsync(encoder?.DocumentIdentity ?? KeywordOnly, cancellationToken);
            for (var start = 0; start < encoded.Count; start += WriteBatch)
            {
                var count = Math.Min(WriteBatch, encoded.Count - start);
                await index.UpsertAsync(encoded.Skip(start).Take(count).ToList(), cancellationToken);
            }

            // Built once, then only searched: one keyword segment, as a bulk-loaded index would be after `ingest`.
            await index.OptimizeAsync(cancellationToken: cancellationToken);
            return index;
        }
        catch
        {
            await index.DisposeAsync();
            throw;
        }
    }

    private static List<EncodedDocument> KeywordOnlyDocuments(List<SearchDocument> documents)
    {
        var unit = new[] { 1f };
        return documents.ConvertAll(d => new EncodedDocument(d, [new EncodedPassage(0, d.EncodingText.Length, unit)], string.Empty));
    }

    /// <summary>Every corpus document with its passage vectors, from the cache where still valid, else encoded (and cached).</summary>
    public static async Task<List<EncodedDocument>> EncodeAsync(
        BeirDataset dataset,
        DualEncoder encoder,
        ChunkingOptions chunking,
        string cacheDirectory,
        CancellationToken cancellationToken)
    {
        var documents = await ReadCorpusAsync(dataset, cancellationToken);
        var preparer = new DocumentPreparer(encoder, chunking);
        var corpusHash = await dataset.ComputeCorpusSha256Async(cancellationToken);
        var identity = encoder.DocumentIdentity;
        var cachePath = Path.Combine(
            cacheDirectory,
            $"{Sanitize(identity.Model)}-{identity.Sha256[..12]}-{chunking.Mode.ToString().ToLowerInvariant()}-{corpusHash[..12]}.vectors");
        var cached = await EncodedCorpusCache.LoadAsync(cachePath, cancellationToken);

        var result = new EncodedDocument?[documents.Count];
        var missing = new List<int>();
        for (var i = 0; i < documents.Count; i++)
        {
            var hash = preparer.ComputeContentHash(documents[i]);
            if (cached.TryGetValue(documents[i].Id, out var entry) && entry.ContentHash == hash)
            {
                result[i] = new EncodedDocument(documents[i], entry.Passages, hash);
            }
            else
            {
                missing.Add(i);
            }
        }

        if (missing.Count > 0)
        {
            await Console.Error.WriteLineAsync(
                $"Encoding {missing.Count} of {documents.Count} documents with {identity.Model} (cache: {cachePath})");
            var started = Stopwatch.GetTimestamp();
            for (var start = 0; start < missing.Count; start += EncodeBatch)
            {
                var slice = missing.GetRange(start, Math.Min(EncodeBatch, missing.Count - start));
                var prepared = await preparer.PrepareAsync(slice.ConvertAll(i => documents[i]), cancellationToken);
                for (var j = 0; j < slice.Count; j++)
                {
                    result[slice[j]] = prepared[j];
                }

                var done = start + slice.Count;
                var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
                await Console.Error.WriteLineAsync($"  {done}/{missing.Count} documents, {done / seconds:F1} docs/s");
            }

        }

        // Every slot is filled: from the cache, or by the encoding loop above.
        var complete = Array.ConvertAll(result, d => d ?? throw new InvalidOperationException("A document was neither cached nor encoded."));
        if (missing.Count > 0)
        {
            await EncodedCorpusCache.SaveAsync(cachePath, complete, cancellationToken);
        }

        return [.. complete];
    }

    private static async Task<List<SearchDocument>> ReadCorpusAsync(BeirDataset dataset, CancellationToken cancellationToken)
    {
        var documents = new List<SearchDocument>();
        await foreach (var document in dataset.ReadCorpusAsync(cancellationToken))
        {
            documents.Add(document);
        }

        return documents;
    }

    private static string Sanitize(string name) =>
        string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_'));
}
