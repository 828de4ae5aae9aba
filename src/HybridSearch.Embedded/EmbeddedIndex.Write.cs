using HybridSearch.Embedded.Internal.Storage;
using HybridSearch.Embedded.Internal.Vectors;
using HybridSearch.Encoders;
using HybridSearch.Search;

namespace HybridSearch.Embedded;

/// <summary>
/// Writes: one writer at a time under <see cref="_writeLock"/>. A write marks the published snapshot stale and the next
/// search publishes a new one, so a search always sees every write that returned before it, while a bulk load that nobody
/// searches pays for no Lucene reopen per batch (about a quarter of its time).
/// </summary>
public sealed partial class EmbeddedIndex
{
    // Batches at least this large are handed to Lucene from several threads.
    private const int ParallelKeywordBatch = 512;

    /// <inheritdoc />
    public async Task EnsureIndexAsync(EncoderIdentity documentEncoder, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documentEncoder);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(documentEncoder.Dimensions);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfUnusable();
            if (_encoder is null)
            {
                _encoder = documentEncoder;
                _vectors.Initialize(documentEncoder.Dimensions);
                _dirty = true;
                WriteStep(() => CommitCore(cancellationToken));
            }
            else if (!_encoder.IsCompatibleWith(documentEncoder))
            {
                throw new IncompatibleEncoderException(DirectoryPath, _encoder, documentEncoder);
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The index has no document encoder yet (call <see cref="EnsureIndexAsync"/>).</exception>
    /// <exception cref="ArgumentException">A passage vector has the wrong size, or a passage lies outside its document.</exception>
    /// <remarks>
    /// A document whose id or metadata value is longer than an exact-match field can hold is rejected, alone; the rest of
    /// the batch is written.
    /// </remarks>
    public async Task<IndexWriteResult> UpsertAsync(IReadOnlyList<EncodedDocument> documents, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(documents);
        if (documents.Count == 0)
        {
            return IndexWriteResult.AllWritten(0);
        }

        var encoder = _encoder ?? throw new InvalidOperationException(
            $"Index '{DirectoryPath}' has no document encoder yet: call EnsureIndexAsync before writing documents.");
        var rejected = new List<DocumentRejection>();
        var unique = Validate(documents, encoder, rejected);
        if (unique.Count == 0)
        {
            return new IndexWriteResult(0, rejected);
        }

        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfUnusable();
            WriteStep(() =>
            {
                var isNew = new bool[unique.Count];
                for (var i = 0; i < unique.Count; i++)
                {
                    // Both sides hold the same ids, so a document the vector side lacks is new to the keyword side too.
                    isNew[i] = !_vectors.Contains(unique[i].Document.Id);
                }

                var keys = _vectors.Upsert(unique);
                if (unique.Count < ParallelKeywordBatch)
                {
                    for (var i = 0; i < unique.Count; i++)
                    {
                        _keyword.Upsert(unique[i], keys[i], isNew[i]);
                    }
                }
                else
                {
                    // Lucene's IndexWriter takes documents from several threads at once (one in-memory segment each), and
                    // analysis and stored fields are most of a bulk load's time. Ids are unique within the batch, so the
                    // order in which its documents reach Lucene does not matter.
                    Parallel.For(0, unique.Count, i => _keyword.Upsert(unique[i], keys[i], isNew[i]));
                }

                _dirty = true;
                _stale = true;
            });
        }
        finally
        {
            _writeLock.Release();
        }

        return new IndexWriteResult(documents.Count - rejected.Count, rejected);
    }

    /// <inheritdoc />
    public async Task<IndexWriteResult> DeleteAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        if (ids.Count == 0)
        {
            return IndexWriteResult.AllWritten(0);
        }

        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfUnusable();
            WriteStep(() =>
            {
                _vectors.Delete(ids);
                foreach (var id in ids)
                {
                    _keyword.Delete(id);
                }

                _dirty = true;
                _stale = true;
            });
        }
        finally
        {
            _writeLock.Release();
        }

        return IndexWriteResult.AllWritten(ids.Count);
    }

    /// <summary>
    /// Makes every write so far durable: after this returns, a crash or restart keeps them. A commit with nothing new does
    /// nothing.
    /// </summary>
    public async Task CommitAsync(CancellationToken cancellationToken = default)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfUnusable();
            WriteStep(() => CommitCore(cancellationToken));
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// Commits, then merges the keyword index into as few as <paramref name="maxSegments"/> segments and commits again, like
    /// a force-merge in Elasticsearch. For an index that was built and is now mostly searched: every keyword query does
    /// per-segment work (term lookups, scorers), so a SciFact-sized index answers BM25 queries several times faster in one
    /// segment than in the dozen a bulk load leaves; replaced and deleted documents also stop counting in BM25 statistics.
    /// It rewrites the whole keyword index, so it is not for an index that takes a steady stream of writes.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxSegments"/> is below 1.</exception>
    public async Task OptimizeAsync(int maxSegments = 1, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSegments, 1);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfUnusable();
            WriteStep(() =>
            {
                CommitCore(cancellationToken);
                cancellationToken.ThrowIfCancellationRequested();

                // Merging keeps every document and its row key, so the new Lucene commit names the same manifest generation.
                _keyword.ForceMerge(maxSegments);
                _keyword.Commit(_committed.Generation);
                Publish();
            });
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// Runs one write step. The two stores are updated one after the other, so a failure part-way (disk full, an I/O error)
    /// can leave them disagreeing in memory: the index then refuses further writes until it is reopened from the last
    /// commit, which is intact. Searches keep reading the last published snapshot.
    /// </summary>
    private void WriteStep(Action step)
    {
        try
        {
            step();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A cancelled commit undoes itself before anything is swapped, so only other failures poison the index.
            _failure ??= e;
            throw;
        }
    }

    private void ThrowIfUnusable()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (_follower is not null)
        {
            throw new InvalidOperationException($"Index '{DirectoryPath}' is open read-only; open it without ReadOnly to write.");
        }

        if (_failure is { } failure)
        {
            throw new InvalidOperationException(
                $"Index '{DirectoryPath}' failed during an earlier write ({failure.Message}) and must be reopened; " +
                "its last commit is intact.",
                failure);
        }
    }

    /// <summary>The commit protocol of COMMIT-PROTOCOL.md. Called under the write lock.</summary>
    private void CommitCore(CancellationToken cancellationToken)
    {
        if (!_dirty)
        {
            return;
        }

        RetryDeletes();
        var generation = _committed.Generation + 1;
        var pending = _vectors.Prepare(generation, cancellationToken);
        var manifest = new Manifest
        {
            Generation = generation,
            Encoder = _encoder,
            Chunking = _chunking,
            NextRowKey = pending.NextRowKey,
            NextSegmentId = pending.NextSegmentId,
            Segments = pending.Segments,
            Graph = pending.Graph,
        };
        var committing = false;
        try
        {
            ManifestStore.Write(DirectoryPath, manifest);
            cancellationToken.ThrowIfCancellationRequested();

            // The commit point. Should Lucene fail part-way, its commit may or may not be durable, so every file it might
            // name stays; the next open keeps whichever generation Lucene committed and removes the rest.
            committing = true;
            _keyword.Commit(generation);
        }
        catch
        {
            VectorStore.Abort(pending, deleteFiles: !committing);
            if (!committing)
            {
                _undeleted.Add(Path.Combine(DirectoryPath, ManifestStore.FileName(generation)));
            }

            throw;
        }

        var obsolete = _vectors.Complete(pending);
        if (_committed.Generation > 0)
        {
            obsolete.Add(Path.Combine(DirectoryPath, ManifestStore.FileName(_committed.Generation)));
        }

        _committed = manifest;
        _dirty = false;
        Publish();
        _undeleted.AddRange(obsolete);
        RetryDeletes();
    }

    /// <summary>
    /// Removes files no commit needs. A file still mapped by a running search cannot be deleted on Windows: it stays listed
    /// and is retried at the next commit, and the next open removes it in any case.
    /// </summary>
    private void RetryDeletes()
    {
        for (var i = _undeleted.Count - 1; i >= 0; i--)
        {
            try
            {
                File.Delete(_undeleted[i]);
                _undeleted.RemoveAt(i);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Kept in the list on purpose: the retry is the handling.
            }
        }
    }

    private static List<EncodedDocument> Validate(
        IReadOnlyList<EncodedDocument> documents, EncoderIdentity encoder, List<DocumentRejection> rejected)
    {
        // Within one call a later version of an id replaces an earlier one, as separate calls would.
        var positions = new Dictionary<string, int>(documents.Count, StringComparer.Ordinal);
        var unique = new List<EncodedDocument>(documents.Count);
        foreach (var document in documents)
        {
            ArgumentNullException.ThrowIfNull(document, nameof(documents));
            var id = document.Document.Id;
            if (document.Passages is null || document.Passages.Count == 0)
            {
                throw new ArgumentException($"Document '{id}' has no passages; every document needs at least one.", nameof(documents));
            }

            if (TooLongTerm(document.Document) is { } reason)
            {
                rejected.Add(new DocumentRejection(id, reason));
                continue;
            }

            var textLength = document.Document.EncodingText.Length;
            for (var p = 0; p < document.Passages.Count; p++)
            {
                var passage = document.Passages[p];
                if (passage.Vector is null || passage.Vector.Length != encoder.Dimensions)
                {
                    throw new ArgumentException(
                        $"Document '{id}' passage {p} has a {passage.Vector?.Length ?? 0}-dimensional vector; the index holds " +
                        $"{encoder.Dimensions}-dimensional vectors from {encoder}.",
                        nameof(documents));
                }

                if (passage.Start < 0 || passage.Length < 0 || passage.Start + passage.Length > textLength)
                {
                    throw new ArgumentException(
                        $"Document '{id}' passage {p} spans characters {passage.Start}..{passage.Start + passage.Length}, outside " +
                        $"its {textLength}-character encoding text.",
                        nameof(documents));
                }
            }

            if (positions.TryGetValue(id, out var position))
            {
                unique[position] = document;
            }
            else
            {
                positions.Add(id, unique.Count);
                unique.Add(document);
            }
        }

        return unique;
    }

    // Lucene refuses terms over 32766 UTF-8 bytes; refusing the document here keeps it from reaching either store.
    private static string? TooLongTerm(SearchDocument document)
    {
        if (IsTooLong(document.Id))
        {
            return $"its id is longer than {MaxTermBytes} UTF-8 bytes, the most an exact-match field can hold";
        }

        foreach (var (name, value) in document.Metadata)
        {
            if (string.IsNullOrEmpty(name) || value is null)
            {
                throw new ArgumentException(
                    $"Document '{document.Id}' has a metadata field with an empty name or a null value.", nameof(document));
            }

            if (IsTooLong(value))
            {
                return $"metadata field '{name}' is longer than {MaxTermBytes} UTF-8 bytes, the most an exact-match field can hold";
            }
        }

        return null;
    }

    private static bool IsTooLong(string value) =>
        value.Length > MaxTermBytes / 3 && System.Text.Encoding.UTF8.GetByteCount(value) > MaxTermBytes;

    private const int MaxTermBytes = 32766;
}
