using System.Globalization;
using HybridSearch.Search;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.En;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace HybridSearch.Embedded.Internal.Keyword;

/// <summary>
/// The Lucene side: one IndexWriter, near-real-time searchers with BM25 (set on the writer and on every searcher), and the
/// commit that is the index's commit point. Writes are called under the index's write lock; searchers are thread-safe.
/// </summary>
internal sealed partial class KeywordIndex : IDisposable
{
    private const LuceneVersion Version = LuceneVersion.LUCENE_48;

    private readonly LuceneDirectory _directory;
    private readonly Analyzer _analyzer;
    private readonly IndexWriter? _writer;
    private readonly SearcherManager _searchers;

    private KeywordIndex(LuceneDirectory directory, Analyzer analyzer, IndexWriter? writer, SearcherManager searchers, long generation)
    {
        _directory = directory;
        _analyzer = analyzer;
        _writer = writer;
        _searchers = searchers;
        CommittedManifestGeneration = generation;
    }

    /// <summary>The vector manifest generation named by the last Lucene commit; 0 when nothing was ever committed.</summary>
    public long CommittedManifestGeneration { get; private set; }

    public static KeywordIndex Open(string path, EmbeddedIndexOptions options)
    {
        // Not FSDirectory.Open's MMapDirectory: Lucene.Net reads a mapped file a byte at a time through J2N's
        // UnmanagedMemoryAccessor, which made stored-field and postings reads most of a query's time.
        var directory = new NIOFSDirectory(path);
        Analyzer? analyzer = null;
        IndexWriter? writer = null;
        try
        {
            var similarity = new BM25Similarity(options.Bm25K1, options.Bm25B);
            analyzer = new EnglishAnalyzer(Version);
            var config = new IndexWriterConfig(Version, analyzer)
            {
                OpenMode = OpenMode.CREATE_OR_APPEND,
                Similarity = similarity,
            };
            try
            {
                writer = new IndexWriter(directory, config);
            }
            catch (LockObtainFailedException e)
            {
                throw new IOException($"Index '{path}' is open for writing by another process or instance.", e);
            }

            // Read under the writer's lock, from the commit the writer opened: no other process can commit in between.
            var generation = ReadCommittedGeneration(writer, directory, path);
            var searchers = new SearcherManager(writer, applyAllDeletes: true, new Bm25SearcherFactory(similarity));
            return new KeywordIndex(directory, analyzer, writer, searchers, generation);
        }
        catch
        {
            writer?.Rollback();
            analyzer?.Dispose();
            directory.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens the last commit for reading only: no IndexWriter, no lock, nothing written. <see cref="Refresh"/> moves to the
    /// newest commit another process made; <see cref="GenerationOf"/> says which manifest each searcher's commit names.
    /// </summary>
    /// <exception cref="FileNotFoundException">Nothing was ever committed in <paramref name="path"/>.</exception>
    public static KeywordIndex OpenReadOnly(string path, EmbeddedIndexOptions options)
    {
        var directory = new NIOFSDirectory(path);
        Analyzer? analyzer = null;
        try
        {
            var similarity = new BM25Similarity(options.Bm25K1, options.Bm25B);
            analyzer = new EnglishAnalyzer(Version);
            SearcherManager searchers;
            try
            {
                searchers = new SearcherManager(directory, new Bm25SearcherFactory(similarity));
            }
            catch (IndexNotFoundException e)
            {
                throw new FileNotFoundException($"'{path}' holds no committed index to open read-only.", path, e);
            }

            return new KeywordIndex(directory, analyzer, writer: null, searchers, generation: 0);
        }
        catch
        {
            analyzer?.Dispose();
            directory.Dispose();
            throw;
        }
    }

    /// <summary>The manifest generation named by the commit a read-only searcher reads.</summary>
    public static long GenerationOf(IndexSearcher searcher, string path)
    {
        var commit = ((DirectoryReader)searcher.IndexReader).IndexCommit;
        return ParseGeneration(commit.UserData, path);
    }

    public void Upsert(EncodedDocument encoded, long firstKey, bool isNew = false)
    {
        var document = encoded.Document;
        var fields = (t_fields ??= new ReusedFields()).For(document.Id, firstKey, encoded.ContentHash);

        // A vectors-only document (precomputed vectors, no text) has nothing to analyse or store: skipping the empty
        // fields keeps bulk loads of such documents fast, and a missing text reads back as empty.
        if (document.EncodingText.Length > 0)
        {
            fields.Add(new TextField(LuceneFields.Body, document.EncodingText, Field.Store.NO));
        }

        // One passage spanning the whole text is what a missing passage table reads back as (StoredDocument.PassageText):
        // the common case of a truncated or single-vector document stores nothing for it.
        var passages = encoded.Passages;
        if (passages.Count != 1 || passages[0].Start != 0 || passages[0].Length != document.EncodingText.Length)
        {
            fields.Add(new StoredField(LuceneFields.Passages, FormatPassages(passages)));
        }

        if (document.Text.Length > 0)
        {
            fields.Add(new StoredField(LuceneFields.Text, document.Text));
        }
        if (document.Title is not null)
        {
            fields.Add(new StoredField(LuceneFields.Title, document.Title));
        }

        foreach (var (name, value) in document.Metadata)
        {
            fields.Add(new StringField(LuceneFields.MetadataPrefix + name, value, Field.Store.YES));
        }

        if (isNew)
        {
            // No earlier version to replace: an add spares Lucene a delete term to resolve against every segment at flush.
            Writer.AddDocument(fields);
        }
        else
        {
            Writer.UpdateDocument(new Term(LuceneFields.Id, document.Id), fields);
        }
    }

    // The fields every document has, made once per thread and given new values for each document: a new field costs Lucene
    // a new token stream with its attribute maps, which was most of what a bulk load of small documents allocated.
    [ThreadStatic]
    private static ReusedFields? t_fields;

    private sealed class ReusedFields
    {
        private readonly StringField _id = new(LuceneFields.Id, string.Empty, Field.Store.YES);
        private readonly StoredField _storedKey = new(LuceneFields.Key, 0L);
        private readonly NumericDocValuesField _key = new(LuceneFields.Key, 0L);
        private readonly StoredField _contentHash = new(LuceneFields.ContentHash, string.Empty);

        // A new document each time (it is only a list), holding the same field objects with this document's values. Lucene
        // reads them during AddDocument / UpdateDocument, on this thread, before the next document sets them again.
        public Document For(string id, long key, string contentHash)
        {
            _id.SetStringValue(id);
            _storedKey.SetInt64Value(key);
            _key.SetInt64Value(key);
            _contentHash.SetStringValue(contentHash);
            return [_id, _storedKey, _key, _contentHash];
        }
    }

    public void Delete(string id) => Writer.DeleteDocuments(new Term(LuceneFields.Id, id));

    /// <summary>Makes everything written so far visible to the next <see cref="Acquire"/>.</summary>
    public void Refresh() => _searchers.MaybeRefreshBlocking();

    public IndexSearcher Acquire() => _searchers.Acquire();

    public void Release(IndexSearcher searcher) => _searchers.Release(searcher);

    /// <summary>Merges down to <paramref name="maxSegments"/> segments, expunging deleted documents; commits nothing.</summary>
    public void ForceMerge(int maxSegments) => Writer.ForceMerge(maxSegments, doWait: true);

    /// <summary>The commit point: Lucene commits its documents and, in the same atomic step, the manifest generation.</summary>
    public void Commit(long manifestGeneration)
    {
        Writer.SetCommitData(new Dictionary<string, string>
        {
            [LuceneFields.ManifestGeneration] = manifestGeneration.ToString(CultureInfo.InvariantCulture),
        });
        Writer.Commit();
        CommittedManifestGeneration = manifestGeneration;
    }

    /// <summary>
    /// Closes without committing anything further (Lucene's own close would commit pending documents without a manifest);
    /// changes since the last <see cref="Commit"/> are discarded.
    /// </summary>
    public void Dispose()
    {
        _searchers.Dispose();
        _writer?.Rollback();
        _analyzer.Dispose();
        _directory.Dispose();
    }

    private static long ReadCommittedGeneration(IndexWriter writer, LuceneDirectory directory, string path)
    {
        var userData = writer.CommitData;
        if (userData.Count == 0 && !DirectoryReader.IndexExists(directory))
        {
            return 0;
        }

        return ParseGeneration(userData, path);
    }

    private static long ParseGeneration(IDictionary<string, string> userData, string path)
    {
        if (!userData.TryGetValue(LuceneFields.ManifestGeneration, out var value) ||
            !long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var generation))
        {
            throw new InvalidDataException(
                $"'{path}' holds a Lucene index that is not a HybridSearch embedded index (its commit names no vector manifest).");
        }

        return generation;
    }

    private IndexWriter Writer =>
        _writer ?? throw new InvalidOperationException("The keyword index is open read-only.");

    private static string FormatPassages(IReadOnlyList<EncodedPassage> passages)
    {
        var parts = new string[passages.Count];
        for (var i = 0; i < parts.Length; i++)
        {
            parts[i] = string.Create(CultureInfo.InvariantCulture, $"{passages[i].Start}:{passages[i].Length}");
        }

        return string.Join(',', parts);
    }
}
