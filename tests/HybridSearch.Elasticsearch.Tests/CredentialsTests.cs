using HybridSearch.Elasticsearch.Tests.Wire;
using HybridSearch.Search;

namespace HybridSearch.Elasticsearch.Tests;

public sealed class CredentialsTests
{
    [Theory]
    [InlineData(SearchEngine.Elasticsearch)]
    [InlineData(SearchEngine.OpenSearch)]
    public async Task An_api_key_is_sent_as_an_ApiKey_authorization_header(SearchEngine engine)
    {
        var handler = LayoutThenSearch(engine);
        using var backend = TestBackend.Create(handler, TestBackend.Options(o =>
        {
            o.Engine = engine;
            o.ApiKey = "VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==";
        }));

        await backend.KeywordSearchAsync(new KeywordQuery("cells", 1, new Dictionary<string, string>()));

        Assert.Equal(2, handler.Requests.Count);
        Assert.All(handler.Requests, r => Assert.Equal("ApiKey VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==", r.Authorization));
    }

    [Theory]
    [InlineData(SearchEngine.Elasticsearch)]
    [InlineData(SearchEngine.OpenSearch)]
    public async Task A_user_name_and_password_are_sent_as_basic_authentication(SearchEngine engine)
    {
        var handler = LayoutThenSearch(engine);
        using var backend = TestBackend.Create(handler, TestBackend.Options(o =>
        {
            o.Engine = engine;
            o.Username = "elastic";
            o.Password = "changeme";
        }));

        await backend.KeywordSearchAsync(new KeywordQuery("cells", 1, new Dictionary<string, string>()));

        // Base64 of "elastic:changeme".
        Assert.Equal(2, handler.Requests.Count);
        Assert.All(handler.Requests, r => Assert.Equal("Basic ZWxhc3RpYzpjaGFuZ2VtZQ==", r.Authorization));
    }

    // The layout read before the first search, then the search: both must carry the credentials.
    private static RecordingHandler LayoutThenSearch(SearchEngine engine) => new RecordingHandler()
        .Respond(200, TestBackend.MappingResponse(TestBackend.Encoder, dimsKey: engine == SearchEngine.OpenSearch ? "dimension" : "dims"))
        .Respond(200, SearchResponses.Hits());
}
