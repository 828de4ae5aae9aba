using HybridSearch.Search;

namespace HybridSearch.Core.Tests.Search;

public sealed class SearchDocumentTests
{
    [Theory]
    [InlineData("Title", "body", "Title body")]
    [InlineData(null, "body", "body")]
    [InlineData("", "body", "body")]
    [InlineData("Title", "", "Title ")]
    public void Encoding_text_is_title_space_text_when_there_is_a_title(string? title, string text, string expected)
    {
        Assert.Equal(expected, SearchDocument.ComposeEncodingText(title, text));
        Assert.Equal(expected, new SearchDocument("d1", text, title).EncodingText);
    }
}
