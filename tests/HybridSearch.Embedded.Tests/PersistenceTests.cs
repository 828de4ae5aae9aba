using HybridSearch.Embedded.Tests.Support;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Directory = System.IO.Directory;
using HybridSearch.Testing;

namespace HybridSearch.Embedded.Tests;

public sealed class PersistenceTests : IDisposable
{
    private static readonly EmbeddedIndexOptions NoCommitOnDispose = new() { CommitOnDispose = false };

    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Committed_documents_survive_a_restart_with_their_fields_and_encoder()
    {
        await using (var index = await Docs.OpenAsync(_temp.Path, NoCommitOnDispose))
        {
            await index.UpsertAsync([Docs.Passages("a", ["alpha part", "beta part"], [Docs.Axis(0), Docs.Axis(1)], Docs.Meta("k", "v"))]);
            await index.CommitAsync();
        }

        await using var reopened = await EmbeddedIndex.OpenAsync(_temp.Path, NoCommitOnDispose);
        var hit = Assert.Single(await reopened.VectorSearchAsync(Docs.Vector(Docs.Axis(1))));
        var description = await reopened.DescribeAsync();

        Assert.Equal(Docs.Encoder, reopened.DocumentEncoder);
        Assert.Equal((1L, 2L), (description.Documents, description.Passages));
        Assert.Equal(("a", 1, "beta part", "v"), (hit.Id, hit.BestPassage!.Value, hit.Passage, hit.Metadata!["k"]));
        Assert.Equal("a", Assert.Single(await reopened.KeywordSearchAsync(Docs.Keyword("alpha"))).Id);
    }

    [Fact]
    public async Task An_empty_index_remembers_its_encoder_and_chunking()
    {
        await using (var index = await EmbeddedIndex.OpenAsync(_temp.Path, new EmbeddedIndexOptions { Chunking = "truncate" }))
        {
            await index.EnsureIndexAsync(Docs.Encoder);
        }

        await using var reopened = await EmbeddedIndex.OpenAsync(_temp.Path);

        Assert.Equal(Docs.Encoder, reopened.DocumentEncoder);
        Assert.Equal("truncate", reopened.Chunking);
    }

    [Fact]
    public async Task An_index_recorded_with_the_old_short_chunking_setting_opens_with_its_full_equivalent()
    {
        await using (var index = await EmbeddedIndex.OpenAsync(_temp.Path, new EmbeddedIndexOptions { Chunking = "passages:254:32" }))
        {
            await index.EnsureIndexAsync(Docs.Encoder);
        }

        await using (var reopened = await EmbeddedIndex.OpenAsync(
                         _temp.Path, new EmbeddedIndexOptions { Chunking = "passages:254:32:True:0.25" }))
        {
            Assert.Equal("passages:254:32", reopened.Chunking);
        }

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await EmbeddedIndex.OpenAsync(
            _temp.Path, new EmbeddedIndexOptions { Chunking = "passages:254:16:True:0.25" }));
    }

    [Fact]
    public async Task Writes_after_the_last_commit_are_gone_after_a_crash()
    {
        await using (var index = await Docs.OpenAsync(_temp.Path, NoCommitOnDispose))
        {
            await index.UpsertAsync([Docs.One("a", "kept", Docs.Axis(0)), Docs.One("b", "replaced later", Docs.Axis(1))]);
            await index.CommitAsync();
            await index.UpsertAsync([Docs.One("b", "uncommitted version", Docs.Axis(2)), Docs.One("c", "uncommitted", Docs.Axis(3))]);
            await index.DeleteAsync(["a"]);
        }

        await using var reopened = await EmbeddedIndex.OpenAsync(_temp.Path, NoCommitOnDispose);

        await AssertLastCommitAsync(reopened);
    }

    [Fact]
    public async Task A_disk_image_taken_between_commits_opens_at_the_last_commit()
    {
        // What kill -9 leaves: every file as it is on disk at that moment, uncommitted Lucene segments included
        // (each write refreshes the near-real-time reader, which flushes them).
        var copy = _temp.File("image");
        await using (var index = await Docs.OpenAsync(_temp.File("live"), NoCommitOnDispose))
        {
            await index.UpsertAsync([Docs.One("a", "kept", Docs.Axis(0)), Docs.One("b", "replaced later", Docs.Axis(1))]);
            await index.CommitAsync();
            await index.UpsertAsync([Docs.One("b", "uncommitted version", Docs.Axis(2)), Docs.One("c", "uncommitted", Docs.Axis(3))]);
            await index.DeleteAsync(["a"]);
            CopyDirectory(_temp.File("live"), copy);
        }

        await using var reopened = await EmbeddedIndex.OpenAsync(copy, NoCommitOnDispose);

        await AssertLastCommitAsync(reopened);
    }

    [Fact]
    public async Task A_commit_interrupted_before_its_commit_point_is_ignored_and_its_files_removed()
    {
        await using (var index = await Docs.OpenAsync(_temp.Path))
        {
            await index.UpsertAsync([Docs.One("a", "kept", Docs.Axis(0))]);
        }

        var files = Directory.GetFiles(_temp.Path).Select(Path.GetFileName).ToHashSet();
        var next = files.Where(f => f!.StartsWith("manifest-", StringComparison.Ordinal)).Max()!;
        var orphans = new[] { "manifest-0000000099.json", "vectors-000099.seg", "graph-0000000099.usearch", "manifest-0000000100.json.tmp" };
        foreach (var orphan in orphans)
        {
            await File.WriteAllTextAsync(Path.Combine(_temp.Path, orphan), "half-written");
        }

        await using var reopened = await EmbeddedIndex.OpenAsync(_temp.Path);

        Assert.Equal("a", Assert.Single(await reopened.VectorSearchAsync(Docs.Vector(Docs.Axis(0)))).Id);
        Assert.All(orphans, o => Assert.False(File.Exists(Path.Combine(_temp.Path, o)), o));
        Assert.True(File.Exists(Path.Combine(_temp.Path, next)));
    }

    [Fact]
    public async Task Disposing_commits_pending_writes_by_default()
    {
        await using (var index = await Docs.OpenAsync(_temp.Path))
        {
            await index.UpsertAsync([Docs.One("a", "kept", Docs.Axis(0))]);
        }

        await using var reopened = await EmbeddedIndex.OpenAsync(_temp.Path);

        Assert.Equal(1, (await reopened.DescribeAsync()).Documents);
    }

    [Fact]
    public async Task Compaction_rewrites_segments_without_deleted_rows_and_keeps_every_live_document()
    {
        var options = new EmbeddedIndexOptions { CompactionThreshold = 0.1, MaxSegments = 3 };
        await using (var index = await Docs.OpenAsync(_temp.Path, options))
        {
            for (var round = 0; round < 6; round++)
            {
                await index.UpsertAsync([Docs.One("same", $"version {round}", Docs.Axis(round % 4)), Docs.One($"new-{round}", "x", Docs.Axis(0))]);
                await index.CommitAsync();
            }
        }

        await using var reopened = await EmbeddedIndex.OpenAsync(_temp.Path, options);
        var segments = Directory.GetFiles(_temp.Path, "vectors-*.seg");
        var description = await reopened.DescribeAsync();
        var same = (await reopened.VectorSearchAsync(Docs.Vector(Docs.Axis(1), k: 10))).Single(d => d.Id == "same");

        Assert.Single(segments);
        Assert.Single(Directory.GetFiles(_temp.Path, "manifest-*.json"));
        Assert.Equal((7L, 7L), (description.Documents, description.Passages));
        Assert.Equal(("version 5", 1.0), (same.Passage, Math.Round(same.Score, 6)));
    }

    [Fact]
    public async Task A_second_instance_on_the_same_directory_is_refused()
    {
        await using var index = await Docs.OpenAsync(_temp.Path);

        var error = await Assert.ThrowsAsync<IndexLockedException>(() => EmbeddedIndex.OpenAsync(_temp.Path));

        Assert.Contains(_temp.Path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_lucene_index_written_by_someone_else_is_refused()
    {
        using (var directory = FSDirectory.Open(_temp.File("lucene")))
        using (var analyzer = new StandardAnalyzer(LuceneVersion.LUCENE_48))
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(LuceneVersion.LUCENE_48, analyzer)))
        {
            writer.AddDocument([new StringField("x", "y", Field.Store.NO)]);
            writer.Commit();
        }

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => EmbeddedIndex.OpenAsync(_temp.Path));

        Assert.Contains("not a HybridSearch embedded index", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_manifest_is_reported_with_its_path()
    {
        await using (var index = await Docs.OpenAsync(_temp.Path))
        {
            await index.UpsertAsync([Docs.One("a", "kept", Docs.Axis(0))]);
        }

        var manifest = Directory.GetFiles(_temp.Path, "manifest-*.json").Single();
        File.Delete(manifest);

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => EmbeddedIndex.OpenAsync(_temp.Path));

        Assert.Contains(manifest, error.Message, StringComparison.Ordinal);
    }

    private static async Task AssertLastCommitAsync(EmbeddedIndex index)
    {
        var ids = (await index.VectorSearchAsync(Docs.Vector(Docs.Axis(1)))).Select(d => (d.Id, d.Passage, Math.Round(d.Score, 6)));
        Assert.Equal([("b", "replaced later", 1.0), ("a", "kept", 0.0)], ids);
        Assert.Empty(await index.KeywordSearchAsync(Docs.Keyword("uncommitted")));
        Assert.Equal(2, (await index.DescribeAsync()).Documents);
    }

    private static void CopyDirectory(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var file in Directory.GetFiles(source))
        {
            var target = Path.Combine(destination, Path.GetFileName(file));
            if (Path.GetFileName(file) == "writer.lock")
            {
                // The live writer holds an OS lock on it, which makes .NET's copy fail; on disk it is an empty file,
                // and in the image nobody holds it (as after kill -9).
                File.WriteAllBytes(target, []);
                continue;
            }

            File.Copy(file, target);
        }

        foreach (var folder in Directory.GetDirectories(source))
        {
            CopyDirectory(folder, Path.Combine(destination, Path.GetFileName(folder)));
        }
    }
}
