using HybridSearch.Cli.Ingestion;

namespace HybridSearch.Cli.Tests.Ingestion;

public sealed class JsonlDocumentsTests
{
    [Fact]
    public void Beir_lines_give_id_title_text_and_scalar_metadata()
    {
        var document = JsonlDocuments.Parse(
            """{"_id":"4983","title":"Microstructural","text":"Alterations","year":2001,"open":true,"tags":["a"],"extra":{"x":1}}""", "c.jsonl:1");

        Assert.Equal(("4983", "Microstructural", "Alterations"), (document.Id, document.Title, document.Text));
        Assert.Equal(new Dictionary<string, string> { ["year"] = "2001", ["open"] = "true" }, document.Metadata);
    }

    [Fact]
    public void A_numeric_id_is_read_as_its_text()
    {
        Assert.Equal("17", JsonlDocuments.Parse("""{"id":17,"text":"t"}""", "c.jsonl:1").Id);
    }

    [Theory]
    [InlineData("""{"text":"no id"}""", "c.jsonl:3: missing \"id\"")]
    [InlineData("""{"id":"x"}""", "c.jsonl:3: document 'x' has no \"text\"")]
    [InlineData("""{"id":"x","text":5}""", "c.jsonl:3: \"text\" must be a string")]
    [InlineData("""[1,2]""", "c.jsonl:3: expected a JSON object")]
    [InlineData("""{"id":""", "c.jsonl:3: not a JSON object")]
    public void Malformed_lines_fail_naming_file_and_line(string line, string expected)
    {
        var error = Assert.Throws<CliException>(() => JsonlDocuments.Parse(line, "c.jsonl:3"));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Blank_lines_are_skipped_and_origins_count_every_line()
    {
        var path = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(path, "{\"id\":\"a\",\"text\":\"x\"}\n\n{\"id\":\"b\",\"text\":\"y\"}\n");

            var documents = await JsonlDocuments.ReadAsync(path, CancellationToken.None).ToListAsync();

            Assert.Equal([$"{path}:1", $"{path}:3"], documents.Select(d => d.Origin));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
