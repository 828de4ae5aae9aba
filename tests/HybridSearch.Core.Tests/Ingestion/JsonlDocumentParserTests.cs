using HybridSearch.Ingestion;

namespace HybridSearch.Core.Tests.Ingestion;

/// <summary>The one reading of a JSONL document line: what ingestion, <c>embed</c> and BEIR corpora all accept.</summary>
public sealed class JsonlDocumentParserTests
{
    [Theory]
    [InlineData("""{"id":"a","text":"t"}""", "a", false)]
    [InlineData("""{"_id":"b","text":"t"}""", "b", false)]
    [InlineData("""{"id":7,"text":"t"}""", "7", true)]
    [InlineData("""{"_id":4.50,"text":"t"}""", "4.50", true)]
    [InlineData("""{"id":"a","_id":"b","text":"t"}""", "a", false)]
    public void The_id_is_taken_from_id_else_from_underscore_id_and_a_number_keeps_its_json_text(
        string line, string id, bool isNumber)
    {
        var parsed = JsonlDocumentParser.Parse(line);

        Assert.Null(parsed.Error);
        Assert.Equal(id, parsed.Document!.Id);
        Assert.Equal(isNumber, parsed.IdIsNumber);
    }

    [Fact]
    public void A_title_is_kept_and_composed_before_the_text()
    {
        var document = JsonlDocumentParser.Parse("""{"id":"a","title":"T","text":"body"}""").Document!;

        Assert.Equal("T", document.Title);
        Assert.Equal("T body", document.EncodingText);
        Assert.Empty(document.Metadata);
    }

    [Theory]
    [InlineData("""{"id":"a","title":"","text":"body"}""")]
    [InlineData("""{"id":"a","title":null,"text":"body"}""")]
    [InlineData("""{"id":"a","text":"body"}""")]
    public void An_empty_null_or_absent_title_means_none(string line)
    {
        var document = JsonlDocumentParser.Parse(line).Document!;

        Assert.Null(document.Title);
        Assert.Equal("body", document.EncodingText);
    }

    [Fact]
    public void Other_fields_become_metadata_strings_as_they_are_other_values_as_json_and_nulls_dropped()
    {
        var document = JsonlDocumentParser.Parse(
            """{"_id":"a","text":"t","lang":"en","year":2020,"open":true,"tags":["x","y"],"gone":null,"metadata":{"source":"pubmed","n":1.5}}""")
            .Document!;

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["lang"] = "en", ["year"] = "2020", ["open"] = "true", ["tags"] = """["x","y"]""", ["source"] = "pubmed", ["n"] = "1.5",
            },
            document.Metadata);
    }

    [Theory]
    [InlineData("""{"id":"a","text":"t""", "malformed JSON")]
    [InlineData("""[1,2]""", "expected a JSON object")]
    [InlineData("""{"text":"no id"}""", "missing id (no \"id\" or \"_id\" field)")]
    [InlineData("""{"_id":"","text":"t"}""", "missing id (\"_id\" is empty)")]
    [InlineData("""{"id":"  ","_id":"b","text":"t"}""", "missing id (\"id\" is empty)")]
    [InlineData("""{"id":["a"],"text":"t"}""", "\"id\" must be a string or a number, not Array")]
    [InlineData("""{"id":"a"}""", "document 'a' has no \"text\" string (it is missing)")]
    [InlineData("""{"id":"a","text":5}""", "document 'a' has no \"text\" string (it is Number)")]
    [InlineData("""{"id":"a","text":"t","title":3}""", "document 'a' has a \"title\" that is Number, not a string")]
    public void A_bad_line_gives_an_error_naming_the_field_at_fault(string line, string error)
    {
        var fromText = JsonlDocumentParser.Parse(line);
        var fromBytes = JsonlDocumentParser.Parse(System.Text.Encoding.UTF8.GetBytes(line));

        Assert.Null(fromText.Document);
        Assert.StartsWith(error, fromText.Error, StringComparison.Ordinal);
        Assert.Equal(fromText.Error, fromBytes.Error);
    }

    [Fact]
    public void Invalid_utf8_is_an_error_naming_the_byte_offset()
    {
        // {"id":"a","text":"caf is 21 bytes, so the bad byte is at offset 21.
        byte[] line = [.. """{"id":"a","text":"caf"""u8, 0xE9, .. "\"}"u8];

        Assert.Equal("invalid UTF-8 at byte 21 of the line (0xE9)", JsonlDocumentParser.Parse(line).Error);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \t")]
    public void A_blank_line_is_neither_a_document_nor_an_error(string line)
    {
        Assert.True(JsonlDocumentParser.Parse(line).IsBlank);
        Assert.True(JsonlDocumentParser.Parse(System.Text.Encoding.UTF8.GetBytes(line)).IsBlank);
    }

    [Fact]
    public void A_vector_field_is_the_whole_documents_vector_and_never_metadata()
    {
        var parsed = JsonlDocumentParser.Parse("""{"id":"a","title":"T","text":"body","vector":[0.6,-0.8],"lang":"en"}""");

        var passage = Assert.Single(parsed.Vectors!);
        Assert.Equal((0, "T body".Length), (passage.Start, passage.Length));
        Assert.Equal([0.6f, -0.8f], passage.Vector);
        Assert.Equal(["lang"], parsed.Document!.Metadata.Keys);
    }

    [Fact]
    public void A_vectors_only_line_needs_no_text_but_a_line_without_either_is_an_error()
    {
        Assert.Equal(string.Empty, JsonlDocumentParser.Parse("""{"id":"a","vector":[1]}""").Document!.Text);
        Assert.Contains("\"text\"", JsonlDocumentParser.Parse("""{"id":"a"}""").Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Passages_are_located_in_the_text_in_order_and_may_overlap()
    {
        var parsed = JsonlDocumentParser.Parse(
            """{"id":"a","text":"one two three","passages":[{"text":"one two","vector":[1]},{"text":"two three","vector":[2]}]}""");

        Assert.Equal([(0, 7), (4, 9)], parsed.Vectors!.Select(p => (p.Start, p.Length)));
    }

    [Fact]
    public void Without_a_text_the_passages_joined_by_line_breaks_are_the_text()
    {
        var parsed = JsonlDocumentParser.Parse("""{"id":"a","passages":[{"text":"one","vector":[1]},{"text":"two","vector":[2]}]}""");

        Assert.Equal("one\ntwo", parsed.Document!.Text);
        Assert.Equal([(0, 3), (4, 3)], parsed.Vectors!.Select(p => (p.Start, p.Length)));
    }

    [Theory]
    [InlineData("""{"id":"a","text":"t","vector":[]}""", "document 'a' has a \"vector\" that is not a non-empty array")]
    [InlineData("""{"id":"a","text":"t","vector":[1,null]}""", "document 'a' has a \"vector\" whose element 1 is Null")]
    [InlineData("""{"id":"a","text":"t","vector":[1e39]}""", "document 'a' has a \"vector\" whose element 0 is 1e39")]
    [InlineData("""{"id":"a","text":"t","vector":[1],"passages":[]}""", "document 'a' has both")]
    [InlineData("""{"id":"a","text":"xy","passages":[{"text":"z","vector":[1]}]}""", "passage 0 of document 'a' does not occur")]
    [InlineData("""{"id":"a","text":"t","passages":[{"vector":[1]}]}""", "passage 0 of document 'a' is not an object")]
    public void Bad_vectors_are_errors_naming_the_document_passage_and_element(string line, string error)
    {
        var parsed = JsonlDocumentParser.Parse(line);

        Assert.Null(parsed.Document);
        Assert.StartsWith(error, parsed.Error, StringComparison.Ordinal);
    }
}
