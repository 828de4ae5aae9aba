using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using HybridSearch.Chunking;
using HybridSearch.Embedded;
using HybridSearch.Encoders;
using HybridSearch.Evaluation.Internal;
using HybridSearch.Ingestion;
using HybridSearch.Search;

namespace HybridSearch.Evaluation;

/// <summary>
/// Puts a BEIR corpus where an evaluation can search it. <see cref="BuildAsync"/> runs the <see cref="IngestionPipeline"/>
/// that <c>ingest</c> runs (the same JSONL reader, chunking, content hash and write path) into a throw-away embedded index;
/// <see cref="EncodeAsync"/> gives the vectors alone, for adapter training. Both take passage vectors from an on-disk
/// cache where the same text was encoded before, so only a first run (or a changed model, chunking or text) pays for encoding.
/// </summary>
public static class EvaluationCorpus
{
    /// <summary>Identity of a BM25-only index: every document gets the same one-dimensional vector.</summary>
    public static readonly EncoderIdentity KeywordOnly = new("keyword-only", "none", 1);

    // A throw-away index needs no crash recovery: one commit at the end, instead of one every two seconds, leaves one
    // vector segment to search, as a bulk load would.
    private static readonly TimeSpan CheckpointInterval = TimeSpan.FromDays(1);

    private const int TrainingBatch = 256;
    private const int DeadLettersShown = 3;

    /// <summary>The embedding cache folder: <paramref name="configured"/>, else <c>$XDG_CACHE_HOME/hybridsearch/eval</c>.</summary>
    public static string CacheDirectory(string? configured) => configured ?? Path.Combine(
        Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"),
        "hybridsearch",
        "eval");

    /// <summary>
    /// Creates an embedded index at <paramref name="indexDirectory"/> holding every document of the corpus, through the
    /// ingestion pipeline, optimised for searching. With no <paramref name="encoder"/> the index answers keyword queries
    /// only. The caller owns (and disposes) the index and the folder.
    /// </summary>
    /// <param name="dataset">The dataset whose <c>corpus.jsonl</c> is indexed.</param>
    /// <param name="encoder">The dual encoder whose document tower encodes the corpus; null for BM25 only.</param>
    /// <param name="chunking">How documents longer than the model's limit are encoded.</param>
    /// <param name="indexOptions">Options of the embedded index (BM25 parameters, vector search).</param>
    /// <param name="indexDirectory">A folder for the new index (and the run's checkpoint and dead letters).</param>
    /// <param name="cacheDirectory">Folder of the embedding cache.</param>
    /// <param name="log">Receives progress lines; none when null.</param>
    /// <param name="cancellationToken">Stops the build.</param>
    /// <exception cref="InvalidDataException">
    /// A document of the corpus was not indexed (a bad line, a refused document, a repeated id): metrics over the rest would
    /// be wrong, so the build fails, naming the first reasons.
    /// </exception>
    public static async Task<EmbeddedIndex> BuildAsync(
        BeirDataset dataset,
        DualEncoder? encoder,
        ChunkingMode chunking,
        EmbeddedIndexOptions indexOptions,
        string indexDirectory,
        string cacheDirectory,
        TextWriter? log = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(indexOptions);
        ArgumentException.ThrowIfNullOrEmpty(indexDirectory);
        ArgumentException.ThrowIfNullOrEmpty(cacheDirectory);

        var options = new IngestionOptions
        {
            // A keyword-only index has no model to cut passages for: each document is one passage.
            Chunking = encoder is null ? ChunkingMode.Truncate : chunking,
            StateDirectory = Path.Combine(indexDirectory, "ingest-state"),
            CheckpointInterval = CheckpointInterval,
        };
        var cache = encoder is null ? null : await OpenCacheAsync(dataset, encoder, cacheDirectory, cancellationToken).ConfigureAwait(false);
        using var documentEncoder = cache is null ? null : new CachingDocumentEncoder(encoder!.DocumentEncoder, cache);
        ITextEncoder pipelineEncoder = documentEncoder is null ? KeywordOnlyEncoder.Instance : documentEncoder;

        var index = await EmbeddedIndex.OpenAsync(indexDirectory, indexOptions, cancellationToken).ConfigureAwait(false);
        try
        {
            var source = DocumentSources.Jsonl(dataset.CorpusPath, options.MaxTextChars);
            var total = await source.CountAsync(cancellationToken).ConfigureAwait(false);
            if (log is not null && cache is not null)
            {
                await log.WriteLineAsync(
                    $"Indexing {total} documents with {encoder!.DocumentIdentity.Model}, {options.Chunking.ToString().ToLowerInvariant()} " +
                    $"({cache.Count} passage vectors cached in {cache.Path})").ConfigureAwait(false);
            }

            IngestionSummary summary;
            using (var pipeline = new IngestionPipeline(pipelineEncoder, index, options))
            {
                summary = await pipeline.RunAsync(source, log is null ? null : new ProgressLines(log), cancellationToken).ConfigureAwait(false);
            }

            cancellationToken.ThrowIfCancellationRequested();
            var description = await index.DescribeAsync(cancellationToken).ConfigureAwait(false);
            await EnsureCompleteAsync(dataset, summary, description, total).ConfigureAwait(false);
            if (cache is { Added: > 0 })
            {
                await cache.SaveAsync(cancellationToken).ConfigureAwait(false);
                if (log is not null)
                {
                    await log.WriteLineAsync($"Cached {cache.Added} new passage vectors in {cache.Path}").ConfigureAwait(false);
                }
            }

            // Built once, then only searched: one keyword segment, as a bulk-loaded index would be after `ingest`.
            await index.OptimizeAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return index;
        }
        catch
        {
            await index.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Every corpus document (read as <see cref="BeirReader"/> reads it) with its passage vectors from
    /// <paramref name="encoder"/>'s document tower, cut as <paramref name="chunking"/> says, in file order: from the cache
    /// where the same text was encoded before, else encoded (and cached).
    /// </summary>
    public static async Task<IReadOnlyList<EncodedDocument>> EncodeAsync(
        BeirDataset dataset,
        DualEncoder encoder,
        ChunkingOptions chunking,
        string cacheDirectory,
        TextWriter? log = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(encoder);
        ArgumentNullException.ThrowIfNull(chunking);
        ArgumentException.ThrowIfNullOrEmpty(cacheDirectory);
        var cache = await OpenCacheAsync(dataset, encoder, cacheDirectory, cancellationToken).ConfigureAwait(false);
        using var documentEncoder = new CachingDocumentEncoder(encoder.DocumentEncoder, cache);
        var preparer = new DocumentPreparer(DualEncoder.Siamese(documentEncoder), chunking);
        var documents = new List<SearchDocument>();
        await foreach (var document in dataset.ReadCorpusAsync(cancellationToken).ConfigureAwait(false))
        {
            documents.Add(document);
        }

        var started = Stopwatch.GetTimestamp();
        var result = new List<EncodedDocument>(documents.Count);
        for (var start = 0; start < documents.Count; start += TrainingBatch)
        {
            var batch = documents.GetRange(start, Math.Min(TrainingBatch, documents.Count - start));
            result.AddRange(await preparer.PrepareAsync(batch, cancellationToken).ConfigureAwait(false));
            if (log is not null && cache.Added > 0)
            {
                var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
                await log.WriteLineAsync(string.Create(
                    CultureInfo.InvariantCulture, $"  {result.Count}/{documents.Count} documents, {result.Count / seconds:F1} docs/s")).ConfigureAwait(false);
            }
        }

        if (cache.Added > 0)
        {
            await cache.SaveAsync(cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    // One file per document tower and corpus. The tower's fingerprint is the content hash of an empty document: it covers
    // the model, weights, dimensions and document prefix, everything but the text that decides a vector.
    private static async Task<EncodedCorpusCache> OpenCacheAsync(
        BeirDataset dataset, DualEncoder encoder, string cacheDirectory, CancellationToken cancellationToken)
    {
        var identity = encoder.DocumentIdentity;
        var tower = new DocumentPreparer(
                DualEncoder.Siamese(encoder.DocumentEncoder), new ChunkingOptions { Mode = ChunkingMode.Truncate })
            .ComputeContentHash(new SearchDocument("fingerprint", string.Empty));
        var corpusHash = await dataset.ComputeCorpusSha256Async(cancellationToken).ConfigureAwait(false);
        var path = Path.Combine(cacheDirectory, $"{Sanitize(identity.Model)}-{tower[..12]}-{corpusHash[..12]}.vectors");
        return await EncodedCorpusCache.LoadAsync(path, identity.Dimensions, cancellationToken).ConfigureAwait(false);
    }

    // The pipeline dead-letters what it cannot index and carries on, which is right for `ingest`; an evaluation over part of
    // its corpus would report wrong figures, so here any loss fails the build. A repeated id would be upserted twice and
    // leave fewer documents than lines, hence the count check as well.
    private static async Task EnsureCompleteAsync(BeirDataset dataset, IngestionSummary summary, IndexDescription index, long? lines)
    {
        if (summary.Stopped)
        {
            throw new OperationCanceledException($"Indexing {dataset.CorpusPath} was stopped after {summary.Done} records.");
        }

        if (summary.DeadLettered == 0 && index.Documents == summary.Written && (lines is null || summary.Written == lines))
        {
            return;
        }

        var reasons = new List<string>();
        if (File.Exists(summary.DeadLetterPath))
        {
            foreach (var line in (await File.ReadAllLinesAsync(summary.DeadLetterPath).ConfigureAwait(false)).Take(DeadLettersShown))
            {
                using var json = JsonDocument.Parse(line);
                var root = json.RootElement;
                var where = root.TryGetProperty("line", out var number) && number.ValueKind == JsonValueKind.Number
                    ? $"line {number.GetInt64()}"
                    : "a record";
                reasons.Add($"{where}: {(root.TryGetProperty("reason", out var reason) ? reason.GetString() : "no reason given")}");
            }
        }

        var counts = FormattableString.Invariant(
            $"{summary.DeadLettered} of {summary.Read} records were not indexed, and the index holds {index.Documents} documents for {summary.Written} written");
        throw new InvalidDataException(
            $"{dataset.CorpusPath}: {counts} (a repeated _id?); metrics would be wrong. " +
            (reasons.Count > 0 ? "First: " + string.Join("; ", reasons) : "No dead letters were recorded."));
    }

    private static string Sanitize(string name) =>
        string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_'));
}
