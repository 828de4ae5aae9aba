using HybridSearch.Chunking;
using HybridSearch.Embedded;
using HybridSearch.Encoders;
using HybridSearch.Ingestion;
using HybridSearch.Search;
using HybridSearch.Testing;

namespace HybridSearch.Evaluation.Tests;

public sealed class EvaluationCorpusTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "hs-evalcorpus-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task A_keyword_only_index_holds_every_corpus_document()
    {
        var dataset = await DatasetAsync(
            """{"_id":"d1","title":"Aspirin","text":"aspirin lowers fever"}""",
            """{"_id":"d2","text":"ibuprofen eases pain"}""",
            """{"_id":"d3","title":"Sleep","text":"sleep helps memory","metadata":{"year":"2020"}}""");

        await using var index = await BuildAsync(dataset, encoder: null);

        Assert.Equal(3, (await index.DescribeAsync()).Documents);
        var hits = await index.SearchAsync(new SearchRequest("fever") { Mode = SearchMode.Keyword }, ReadOnlyMemory<float>.Empty);
        Assert.Equal("d1", Assert.Single(hits.Hits).Id);
    }

    [Fact]
    public async Task A_line_the_pipeline_dead_letters_fails_the_build_naming_the_line()
    {
        var dataset = await DatasetAsync(
            """{"_id":"d1","text":"aspirin lowers fever"}""",
            """{"_id":"d2","title":"no text"}""",
            """{"_id":"d3","text":"sleep helps memory"}""");

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => BuildAsync(dataset, encoder: null));

        Assert.Contains("1 of 3 records were not indexed", error.Message, StringComparison.Ordinal);
        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_repeated_id_fails_the_build_since_the_index_would_hold_fewer_documents_than_the_corpus()
    {
        var dataset = await DatasetAsync(
            """{"_id":"d1","text":"aspirin lowers fever"}""",
            """{"_id":"d1","text":"ibuprofen eases pain"}""");

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => BuildAsync(dataset, encoder: null));

        Assert.Contains("holds 1 documents for 2 written", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ChunkingMode.Truncate)]
    [InlineData(ChunkingMode.Passages)]
    public async Task A_second_build_takes_every_vector_from_the_cache_and_indexes_the_same_vectors(ChunkingMode chunking)
    {
        // "Aspirin" and 300 words: two passages of a 256-token model (254 tokens a window, 32 shared) when chunking by
        // passages, one text when truncating; so three texts are encoded, or two.
        var longText = string.Join(' ', Enumerable.Range(0, 300).Select(i => FormattableString.Invariant($"word{i}")));
        var dataset = await DatasetAsync(
            $$"""{"_id":"d1","title":"Aspirin","text":"{{longText}}"}""",
            """{"_id":"d2","text":"ibuprofen eases pain"}""");
        var first = new CountingEncoder(new HashEncoder(dimensions: 8));
        var second = new CountingEncoder(new HashEncoder(dimensions: 8));

        SearchHit before;
        await using (var index = await BuildAsync(dataset, DualEncoder.Siamese(first), chunking, "one"))
        {
            before = (await SemanticAsync(index)).Hits[0];
        }

        await using (var index = await BuildAsync(dataset, DualEncoder.Siamese(second), chunking, "two"))
        {
            var after = (await SemanticAsync(index)).Hits[0];
            Assert.Equal((before.Id, before.Score), (after.Id, after.Score));
            Assert.Equal(2, (await index.DescribeAsync()).Documents);
        }

        Assert.Equal(chunking == ChunkingMode.Truncate ? 2 : 3, first.Texts);
        Assert.Equal(0, second.Texts);
    }

    [Fact]
    public async Task Training_vectors_come_from_the_cache_the_index_build_filled()
    {
        var dataset = await DatasetAsync(
            """{"_id":"d1","text":"aspirin lowers fever"}""",
            """{"_id":"d2","text":"ibuprofen eases pain"}""");
        var building = new CountingEncoder(new HashEncoder(dimensions: 8));
        await using (await BuildAsync(dataset, DualEncoder.Siamese(building), ChunkingMode.Truncate, "index"))
        {
        }

        var training = new CountingEncoder(new HashEncoder(dimensions: 8));
        var documents = await EvaluationCorpus.EncodeAsync(
            dataset, DualEncoder.Siamese(training), new Chunking.ChunkingOptions { Mode = Chunking.ChunkingMode.Truncate }, CacheDirectory);

        Assert.Equal(["d1", "d2"], documents.Select(d => d.Document.Id));
        Assert.Equal(0, training.Texts);
        var expected = new float[8];
        HashEncoder.Vector("aspirin lowers fever", expected);
        Assert.Equal(expected, documents[0].Passages[0].Vector.ToArray());
    }

    private string CacheDirectory => Path.Combine(_root, "cache");

    private static Task<SearchResults> SemanticAsync(EmbeddedIndex index)
    {
        var query = new float[8];
        HashEncoder.Vector("ibuprofen", query);
        return index.SearchAsync(new SearchRequest("ibuprofen") { Mode = SearchMode.Semantic, K = 2 }, query);
    }

    private async Task<BeirDataset> DatasetAsync(params string[] corpusLines)
    {
        var directory = Path.Combine(_root, "dataset");
        Directory.CreateDirectory(Path.Combine(directory, "qrels"));
        await File.WriteAllLinesAsync(Path.Combine(directory, "corpus.jsonl"), corpusLines);
        await File.WriteAllLinesAsync(Path.Combine(directory, "queries.jsonl"), ["""{"_id":"q1","text":"fever"}"""]);
        await File.WriteAllLinesAsync(Path.Combine(directory, "qrels", "test.tsv"), ["query-id\tcorpus-id\tscore", "q1\td1\t1"]);
        return await BeirDataset.LoadAsync(directory, "test");
    }

    private Task<EmbeddedIndex> BuildAsync(
        BeirDataset dataset, DualEncoder? encoder, ChunkingMode chunking = ChunkingMode.Passages, string name = "index") =>
        EvaluationCorpus.BuildAsync(
            dataset,
            encoder,
            chunking,
            new EmbeddedIndexOptions { CommitOnDispose = false },
            Path.Combine(_root, name),
            CacheDirectory);
}
