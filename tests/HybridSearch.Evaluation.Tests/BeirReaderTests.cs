using HybridSearch.Evaluation;
using HybridSearch.Search;

namespace HybridSearch.Evaluation.Tests;

public sealed class BeirReaderTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("beir-reader-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Corpus_lines_become_documents_with_metadata_in_file_order()
    {
        var path = Write("corpus.jsonl",
            """{"_id": "d1", "title": "T1", "text": "body one", "metadata": {"year": 2020, "lang": "en"}}""",
            "",
            """{"_id": 42, "title": "", "text": "body two", "source": "pubmed", "extra": null}""");

        var documents = await ReadAll(path);

        Assert.Equal(["d1", "42"], documents.Select(d => d.Id));
        Assert.Equal("T1 body one", documents[0].EncodingText);
        Assert.Equal(new Dictionary<string, string> { ["year"] = "2020", ["lang"] = "en" }, documents[0].Metadata);
        Assert.Null(documents[1].Title);
        Assert.Equal(new Dictionary<string, string> { ["source"] = "pubmed" }, documents[1].Metadata);
    }

    [Theory]
    [InlineData("""{"_id": "d1", "text": "x"}|{"_id": "d2", "text": }""", 2, "malformed JSON")]
    [InlineData("""{"_id": "d1", "text": "x"}|{"text": "y"}""", 2, "missing \"_id\"")]
    [InlineData("""{"_id": "d1", "text": "x"}|{"_id": "", "text": "y"}""", 2, "empty \"_id\"")]
    [InlineData("""{"_id": "d1"}""", 1, "missing \"text\"")]
    [InlineData("""{"_id": "d1", "text": 5}""", 1, "\"text\" must be a string")]
    [InlineData("""{"_id": "d1", "text": "x"}|{"_id": "d2", "text": "y"}|{"_id": "d1", "text": "z"}""", 3, "duplicate _id 'd1' (first on line 1)")]
    [InlineData("""["not", "an", "object"]""", 1, "expected a JSON object")]
    public async Task Corpus_errors_name_the_file_and_line(string lines, int line, string problem)
    {
        var path = Write("corpus.jsonl", lines.Split('|'));
        var error = await Assert.ThrowsAsync<BeirFormatException>(() => ReadAll(path));
        Assert.StartsWith($"{path}:{line}: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.Equal(line, error.LineNumber);
    }

    [Fact]
    public async Task Qrels_skip_the_header_and_keep_queries_in_first_appearance_order()
    {
        var path = Write("test.tsv", "query-id\tcorpus-id\tscore", "q2\td1\t1", "q1\td2\t2", "q2\td3\t0", "");

        var qrels = await BeirReader.ReadQrelsAsync(path);

        Assert.Equal(["q2", "q1"], qrels.Keys);
        Assert.Equal(new Dictionary<string, int> { ["d1"] = 1, ["d3"] = 0 }, qrels["q2"]);
        Assert.Equal(2, qrels["q1"]["d2"]);
    }

    [Theory]
    [InlineData("q1\td1\tone", 2, "score 'one' is not an integer")]
    [InlineData("q1\td1", 2, "expected 3 tab-separated fields")]
    [InlineData("q1\td1\t1|q1\td1\t0", 3, "judges document 'd1' twice")]
    [InlineData("\td1\t1", 2, "empty query-id")]
    public async Task Qrels_errors_name_the_file_and_line(string lines, int line, string problem)
    {
        var path = Write("bad.tsv", ["query-id\tcorpus-id\tscore", .. lines.Split('|')]);
        var error = await Assert.ThrowsAsync<BeirFormatException>(() => BeirReader.ReadQrelsAsync(path));
        Assert.StartsWith($"{path}:{line}: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dataset_keeps_only_the_queries_judged_in_its_split_in_qrels_order()
    {
        Write("corpus.jsonl", """{"_id": "d1", "text": "x"}""");
        Write("queries.jsonl", """{"_id": "q1", "text": "first"}""", """{"_id": "q2", "text": "second"}""", """{"_id": "q3", "text": "third"}""");
        Directory.CreateDirectory(Path.Combine(_directory, "qrels"));
        Write(Path.Combine("qrels", "test.tsv"), "query-id\tcorpus-id\tscore", "q3\td1\t1", "q1\td1\t1");

        var dataset = await BeirDataset.LoadAsync(_directory, "test");

        Assert.Equal([new BeirQuery("q3", "third"), new BeirQuery("q1", "first")], dataset.Queries);
        Assert.Equal(2, dataset.Qrels.Count);
        Assert.Matches("^[0-9a-f]{64}$", await dataset.ComputeCorpusSha256Async());
        var documents = new List<SearchDocument>();
        await foreach (var document in dataset.ReadCorpusAsync())
        {
            documents.Add(document);
        }

        Assert.Equal("d1", Assert.Single(documents).Id);
    }

    [Fact]
    public async Task A_judged_query_missing_from_the_queries_file_is_an_error_naming_the_qrels_line()
    {
        Write("corpus.jsonl", """{"_id": "d1", "text": "x"}""");
        Write("queries.jsonl", """{"_id": "q1", "text": "first"}""");
        Directory.CreateDirectory(Path.Combine(_directory, "qrels"));
        var qrels = Write(Path.Combine("qrels", "dev.tsv"), "query-id\tcorpus-id\tscore", "q1\td1\t1", "q9\td1\t1");

        var error = await Assert.ThrowsAsync<BeirFormatException>(() => BeirDataset.LoadAsync(_directory, "dev"));
        Assert.StartsWith($"{qrels}:3: query 'q9'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Missing_files_are_reported_by_path()
    {
        var error = await Assert.ThrowsAsync<FileNotFoundException>(() => BeirDataset.LoadAsync(_directory, "test"));
        Assert.Contains("corpus.jsonl", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<DirectoryNotFoundException>(() => BeirDataset.LoadAsync(Path.Combine(_directory, "none"), "test"));
    }

    private string Write(string name, params string[] lines)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, string.Join('\n', lines));
        return path;
    }

    private static async Task<List<SearchDocument>> ReadAll(string path)
    {
        var documents = new List<SearchDocument>();
        await foreach (var document in BeirReader.ReadCorpusAsync(path))
        {
            documents.Add(document);
        }

        return documents;
    }
}
